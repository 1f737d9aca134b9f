/**
 * How to leave a CodeMirror editor by keyboard (Tab indents inside one; the keys are CodeMirror 6's
 * `indentWithTab` escape and its tab-focus toggle), as HTML: shown wherever editors are, and in a reference
 * page's example before it goes live, so the example keeps its size when it does.
 */
export const KEYBOARD_HINT_HTML =
  "Keyboard: inside an editor <kbd>Tab</kbd> indents. To leave it, press <kbd>Esc</kbd> then <kbd>Tab</kbd> " +
  "(or <kbd>Ctrl</kbd>+<kbd>M</kbd>, <kbd>Shift</kbd>+<kbd>Alt</kbd>+<kbd>M</kbd> on macOS, to make <kbd>Tab</kbd> " +
  "move focus until you press it again).";
