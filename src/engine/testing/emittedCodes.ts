/**
 * Where each diagnostic `code` is emitted, read from the sources with the TypeScript compiler's type checker
 * (Node only; for tests). The compiler already refuses a code that is not in the catalogue
 * (`src/engine/diagnosticCodes.ts`); this scan answers what it cannot: which catalogued codes are emitted at all
 * (a code nobody emits is dead) and at which severities.
 *
 * A code is emitted where a string reaches a `code` slot: a `code:` property of an object literal, or an argument
 * in the position of a parameter named `code` (the engine's helpers: `err(w, "code", …)`, `fail("code", …)`).
 * What reaches the slot is read as the set of strings it can be: a literal, each branch of `?:`, `??` and `||`,
 * a template literal whose parts are literal unions, a `const` with such an initializer, a lookup in a constant
 * table (any of its values), or any expression whose type is a union of string literals narrower than the
 * catalogue. A value that is only passed along (a parameter called `code`, `d.code`) is not new; anything else,
 * e.g. a value typed as any catalogued code, is reported as unresolved so that the check cannot silently miss it.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { DIAGNOSTIC_CODES } from "../diagnosticCodes.ts";
import type { Severity } from "../types.ts";

const CATALOGUE_SIZE = Object.keys(DIAGNOSTIC_CODES).length;

export interface CodeSite {
  code: string;
  /**
   * The severities the diagnostic can have at this site, read as the code is (a sibling `severity:` of the
   * `code:`, a helper's `severity` argument or default, or the `severity:` its body writes); null when not told.
   */
  severities: Severity[] | null;
  /** Source file relative to the repository root, and 1-based line. */
  file: string;
  line: number;
}

export interface CodeScan {
  sites: CodeSite[];
  /** Code slots whose value could not be read as a finite set of strings (`file:line: text`). */
  unresolved: string[];
}

/**
 * The source files that can emit diagnostics: the engine's (`src/engine/**.ts`) and the site's TypeScript
 * (`src/site/**.ts`, e.g. the guard that reports `internal-error`), without tests and test helpers.
 */
export function emittingSourceFiles(root: string): string[] {
  return ["engine", "site"].flatMap((part) => {
    const dir = path.join(root, "src", part);
    return readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith(".d.ts"))
      .filter((f) => !f.split(path.sep).includes("testing"))
      .map((f) => path.join(dir, f))
      .sort();
  });
}

/** Scans the engine and the site under `root` (the repository root). */
export function scanDiagnosticCodes(root: string): CodeScan {
  const files = emittingSourceFiles(root);
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    resolveJsonModule: true,
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const helpers = codeHelperNames(files.map((f) => program.getSourceFile(f)).filter((f): f is ts.SourceFile => f !== undefined));
  const sites: CodeSite[] = [];
  const unresolved: string[] = [];

  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) continue;
    const where = (node: ts.Node) => ({
      file: path.relative(root, file).split(path.sep).join("/"),
      line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
    });

    /** The strings `expr` can be, or null when it cannot be told; `[]` for a value only passed along. */
    const valuesOf = (expr: ts.Expression, depth = 0): string[] | null => {
      if (depth > 8) return null;
      if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return [expr.text];
      if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr) || ts.isNonNullExpression(expr)) {
        return valuesOf(expr.expression, depth + 1);
      }
      if (ts.isConditionalExpression(expr)) return union(valuesOf(expr.whenTrue, depth + 1), valuesOf(expr.whenFalse, depth + 1));
      if (ts.isBinaryExpression(expr) && (expr.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || expr.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
        return union(valuesOf(expr.left, depth + 1), valuesOf(expr.right, depth + 1));
      }
      // Passed along: `d.code`, or a parameter called `code`. Its type is now the whole catalogue, which says nothing.
      if (ts.isPropertyAccessExpression(expr) && expr.name.text === "code") return [];
      if (ts.isIdentifier(expr) && isCodeParameter(checker.getSymbolAtLocation(expr))) return [];
      // A type that admits any catalogued code says nothing of what reaches the slot: the reading goes on below.
      const type = checker.getTypeAtLocation(expr);
      const anyCode = type.aliasSymbol?.name === "DiagnosticCode" || (type.isUnion() && type.types.length >= CATALOGUE_SIZE);
      const literal = anyCode ? null : literalUnion(type);
      if (literal) return literal;
      if (ts.isTemplateExpression(expr)) {
        let out: string[] = [expr.head.text];
        for (const span of expr.templateSpans) {
          const parts = valuesOf(span.expression, depth + 1);
          if (!parts || parts.length === 0) return null;
          out = out.flatMap((prefix) => parts.map((p) => prefix + p + span.literal.text));
        }
        return out;
      }
      // A lookup in a constant table (`CODES[key]`, `CODES.name`): any of the table's values.
      if (ts.isElementAccessExpression(expr) || ts.isPropertyAccessExpression(expr)) {
        const table = constInitializer(expr.expression);
        if (table && (ts.isObjectLiteralExpression(table) || ts.isArrayLiteralExpression(table))) {
          const members = ts.isArrayLiteralExpression(table)
            ? [...table.elements]
            : table.properties.filter(ts.isPropertyAssignment).filter((m) => !ts.isPropertyAccessExpression(expr) || propertyName(m.name) === expr.name.text).map((m) => m.initializer);
          return members.reduce<string[] | null>((out, m) => union(out, valuesOf(m, depth + 1)), []);
        }
      }
      if (ts.isIdentifier(expr)) {
        const symbol = checker.getSymbolAtLocation(expr);
        const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
        if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0) {
          return valuesOf(declaration.initializer, depth + 1);
        }
      }
      return null;
    };

    /** The initializer of the `const` an identifier names (through `as const` and `satisfies`), or null. */
    const constInitializer = (expr: ts.Expression): ts.Expression | null => {
      if (!ts.isIdentifier(expr)) return null;
      const declaration = checker.getSymbolAtLocation(expr)?.valueDeclaration;
      if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return null;
      if ((ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) === 0) return null;
      let init: ts.Expression = declaration.initializer;
      while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init)) init = init.expression;
      return init;
    };

    const slot = (expr: ts.Expression, severity: ts.Expression | null = null) => {
      const type = checker.getTypeAtLocation(expr);
      // A `code` that is not a string (an HTTP status as a number, say) is not a diagnostic code.
      if (!(type.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.Union | ts.TypeFlags.Any))) return;
      if (type.flags & ts.TypeFlags.Union && !(type as ts.UnionType).types.some((t) => t.flags & ts.TypeFlags.StringLike)) return;
      const values = valuesOf(expr);
      if (values === null) {
        const at = where(expr);
        unresolved.push(`${at.file}:${at.line}: ${expr.getText(source)}`);
        return;
      }
      const severities = severity ? severitiesOf(valuesOf(severity)) : null;
      for (const code of values) sites.push({ code, severities, ...where(expr) });
    };

    const visit = (node: ts.Node) => {
      if (ts.isPropertyAssignment(node) && propertyName(node.name) === "code" && ts.isObjectLiteralExpression(node.parent)) {
        slot(node.initializer, siblingSeverity(node.parent));
      } else if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(node.left) &&
        node.left.name.text === "code"
      ) {
        slot(node.right);
      } else if (ts.isShorthandPropertyAssignment(node) && node.name.text === "code") {
        const declaration = checker.getShorthandAssignmentValueSymbol(node)?.valueDeclaration;
        const passedAlong = declaration !== undefined && ts.isParameter(declaration);
        if (!passedAlong) slot(declaration && ts.isVariableDeclaration(declaration) && declaration.initializer ? declaration.initializer : node.name, siblingSeverity(node.parent));
      } else if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && helpers.has(calleeName(node.expression) ?? "")) {
        const declaration = checker.getResolvedSignature(node)?.getDeclaration();
        const parameters = declaration?.parameters ?? [];
        const index = parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === "code");
        const argument = index >= 0 ? node.arguments?.[index] : undefined;
        if (argument && declaration) slot(argument, helperSeverity(declaration, node.arguments ?? []));
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { sites, unresolved };
}

/** Whether a symbol is a parameter called `code` (a helper's: what reaches it is read at the call). */
function isCodeParameter(symbol: ts.Symbol | undefined): boolean {
  const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  return declaration !== undefined && ts.isParameter(declaration) && ts.isIdentifier(declaration.name) && declaration.name.text === "code";
}

/** The `severity:` written beside a `code:` in an object literal, or null. */
function siblingSeverity(literal: ts.Node): ts.Expression | null {
  if (!ts.isObjectLiteralExpression(literal)) return null;
  for (const p of literal.properties) {
    if (ts.isPropertyAssignment(p) && propertyName(p.name) === "severity") return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === "severity") return p.name;
  }
  return null;
}

/**
 * The severity a call to a helper gives: its `severity` argument (or that parameter's default), else the one
 * `severity:` its body writes; null when it cannot be told.
 */
function helperSeverity(helper: ts.SignatureDeclaration, args: readonly ts.Expression[]): ts.Expression | null {
  const index = helper.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === "severity");
  if (index >= 0) return args[index] ?? helper.parameters[index]!.initializer ?? null;
  const written: ts.Expression[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isObjectLiteralExpression(node)) {
      const s = siblingSeverity(node);
      if (s && (ts.isStringLiteral(s) || ts.isNoSubstitutionTemplateLiteral(s))) written.push(s);
    }
    ts.forEachChild(node, visit);
  };
  visit(helper);
  return written.length === 1 ? written[0]! : null;
}

const SEVERITIES: readonly string[] = ["error", "warning", "info"] satisfies Severity[];

/** Strings read as severities, or null when any is not one (or none was told). */
function severitiesOf(values: string[] | null): Severity[] | null {
  if (!values || values.length === 0 || !values.every((v) => SEVERITIES.includes(v))) return null;
  return [...new Set(values as Severity[])];
}

/** The distinct codes of a scan, sorted. */
export function codesOf(scan: CodeScan): string[] {
  return [...new Set(scan.sites.map((s) => s.code))].sort();
}

/**
 * Names of the functions and methods that take a parameter called `code`: only calls to these are resolved with
 * the type checker, which keeps the scan to seconds.
 */
function codeHelperNames(sources: readonly ts.SourceFile[]): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && node.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === "code")) {
      const named = ts.isVariableDeclaration(node.parent) || ts.isPropertyAssignment(node.parent) ? node.parent.name : (node as ts.SignatureDeclaration).name;
      if (named && (ts.isIdentifier(named) || ts.isStringLiteral(named))) names.add(named.text);
    }
    ts.forEachChild(node, visit);
  };
  for (const source of sources) visit(source);
  return names;
}

function calleeName(callee: ts.Expression): string | null {
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return null;
}

function propertyName(name: ts.PropertyName): string | null {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : null;
}

function union(a: string[] | null, b: string[] | null): string[] | null {
  return a === null || b === null ? null : [...a, ...b];
}

/** The members of a string literal type or of a union of them only; null otherwise. */
function literalUnion(type: ts.Type): string[] | null {
  const members = type.isUnion() ? type.types : [type];
  if (!members.every((t) => t.isStringLiteral())) return null;
  return members.map((t) => (t as ts.StringLiteralType).value);
}
