/**
 * Every diagnostic `code` the engine can emit, read from its sources with the TypeScript compiler's type checker
 * (Node only; for tests and for keeping the diagnostics reference, `content/07-diagnostics.md`, complete).
 *
 * A code is emitted where a string reaches a `code` slot: a `code:` property of an object literal, or an argument
 * in the position of a parameter named `code` (the engine's helpers: `err(w, "code", …)`, `fail("code", …)`).
 * What reaches the slot is read as the set of strings it can be: a literal, each branch of `?:`, `??` and `||`,
 * a template literal whose parts are literal unions, a `const` with such an initializer, a lookup in a constant
 * table (any of its values), or any expression whose type is a union of string literals. A value that is only passed along (a parameter called `code`, `d.code`) is
 * not new; anything else, e.g. a code built from free text, is reported as unresolved so that the reference
 * cannot silently miss it.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

export interface CodeSite {
  code: string;
  /** Source file relative to the repository root, and 1-based line. */
  file: string;
  line: number;
}

export interface CodeScan {
  sites: CodeSite[];
  /** Code slots whose value could not be read as a finite set of strings (`file:line: text`). */
  unresolved: string[];
}

/** The engine's source files: `src/engine/**.ts`, without tests and test helpers. */
export function engineSourceFiles(root: string): string[] {
  const dir = path.join(root, "src", "engine");
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith(".d.ts"))
    .filter((f) => !f.split(path.sep).includes("testing"))
    .map((f) => path.join(dir, f))
    .sort();
}

/** Scans the engine under `root` (the repository root). */
export function scanDiagnosticCodes(root: string): CodeScan {
  const files = engineSourceFiles(root);
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
      const literal = literalUnion(checker.getTypeAtLocation(expr));
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
      if (ts.isPropertyAccessExpression(expr) && expr.name.text === "code") return [];
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
        if (declaration && ts.isParameter(declaration) && ts.isIdentifier(declaration.name) && declaration.name.text === "code") return [];
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

    const slot = (expr: ts.Expression) => {
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
      for (const code of values) sites.push({ code, ...where(expr) });
    };

    const visit = (node: ts.Node) => {
      if (ts.isPropertyAssignment(node) && propertyName(node.name) === "code" && ts.isObjectLiteralExpression(node.parent)) {
        slot(node.initializer);
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
        if (!passedAlong) slot(declaration && ts.isVariableDeclaration(declaration) && declaration.initializer ? declaration.initializer : node.name);
      } else if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && helpers.has(calleeName(node.expression) ?? "")) {
        const declaration = checker.getResolvedSignature(node)?.getDeclaration();
        const index = declaration?.parameters?.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === "code") ?? -1;
        const argument = index >= 0 ? node.arguments?.[index] : undefined;
        if (argument) slot(argument);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { sites, unresolved };
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
