/**
 * A small Apache httpd config highlighter for CodeMirror (a StreamParser): `#` comments, `<Section …>` tags,
 * the directive name that starts a line, and its arguments (quoted strings, numbers, On/Off, variables).
 * `\` at the end of a line continues the directive on the next one.
 */
import { StreamLanguage, type StreamParser } from "@codemirror/language";

interface ApacheState {
  /** The next token on this line is a directive name. */
  expectDirective: boolean;
  /** Inside `<Section …>`, before its closing `>`. */
  inTag: boolean;
  /** The previous line ended in `\`. */
  continued: boolean;
}

const apacheParser: StreamParser<ApacheState> = {
  name: "apache",
  startState: () => ({ expectDirective: true, inTag: false, continued: false }),
  copyState: (state) => ({ ...state }),
  token(stream, state) {
    if (stream.sol()) {
      state.expectDirective = !state.continued;
      state.inTag = false;
      state.continued = false;
    }
    if (stream.eatSpace()) return null;
    if (state.expectDirective && stream.peek() === "#") {
      stream.skipToEnd();
      return "comment";
    }
    if (state.expectDirective && stream.match(/^<\/?[\w:-]+/)) {
      state.expectDirective = false;
      state.inTag = true;
      return "tag";
    }
    if (state.inTag && stream.eat(">")) {
      state.inTag = false;
      return "tag";
    }
    if (stream.match(/^\\$/)) {
      state.continued = true;
      return "meta";
    }
    if (state.expectDirective) {
      state.expectDirective = false;
      if (stream.match(/^[A-Za-z][\w-]*/)) return "keyword";
      stream.skipToEnd();
      return "invalid";
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/) || stream.match(/^'(?:[^'\\]|\\.)*'?/)) return "string";
    if (stream.match(/^[%$]\{[^}]*\}?/)) return "variableName";
    if (stream.match(/^(?:on|off)(?=\s|$|>)/i)) return "atom";
    if (stream.match(/^\d+(?:\.\d+)*(?:\/\d+)?(?=\s|$|>)/)) return "number";
    stream.match(/^[^\s"'>\\]+/) || stream.next();
    return state.inTag ? "attributeName" : "string.special";
  },
  languageData: { commentTokens: { line: "#" } },
};

export const apache = StreamLanguage.define(apacheParser);
