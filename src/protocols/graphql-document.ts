// Just enough of a GraphQL document for a debugger: which operations it defines (type and name) and the
// text laid out one selection per line, indented by braces. Not a parser: a linear tokenizer that keeps
// strings, block strings and comments whole and never throws on any input.

export type OperationType = 'query' | 'mutation' | 'subscription';

export interface GraphqlOperation {
  type: OperationType;
  /** Absent for an anonymous operation (`{ prices }` or `subscription { prices }`). */
  name?: string;
}

export interface GraphqlDocument {
  operations: GraphqlOperation[];
  formatted: string;
}

type TokenKind = 'name' | 'punct' | 'string' | 'number' | 'comment' | 'spread' | 'other';
interface Token {
  kind: TokenKind;
  text: string;
}

/** Reads `source` once: its operations and its formatted text. */
export function readGraphqlDocument(source: string): GraphqlDocument {
  const tokens = tokenize(source);
  return { operations: findOperations(tokens), formatted: format(tokens) };
}

/** The operation a request runs: the one named `operationName` (undefined if the document has none so named), else the first. */
export function chooseOperation(operations: readonly GraphqlOperation[], operationName: string | undefined): GraphqlOperation | undefined {
  if (operationName) return operations.find((operation) => operation.name === operationName);
  return operations[0];
}

const PUNCTUATORS = '!$&()[]{}:=@|,';

function isNameStart(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
}
function isNameChar(code: number): boolean {
  return isNameStart(code) || (code >= 0x30 && code <= 0x39);
}
function isNumberChar(code: number): boolean {
  // Digits, '.', 'e'/'E', '+', '-': loose on purpose, a malformed number stays one token.
  return (code >= 0x30 && code <= 0x39) || code === 0x2e || code === 0x65 || code === 0x45 || code === 0x2b || code === 0x2d;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const length = source.length;
  let at = 0;
  while (at < length) {
    const char = source[at]!;
    const code = source.charCodeAt(at);
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\ufeff') {
      at++;
    } else if (char === '#') {
      let end = at;
      while (end < length && source[end] !== '\n' && source[end] !== '\r') end++;
      tokens.push({ kind: 'comment', text: source.slice(at, end).trimEnd() });
      at = end;
    } else if (source.startsWith('"""', at)) {
      const end = blockStringEnd(source, at + 3);
      tokens.push({ kind: 'string', text: source.slice(at, end) });
      at = end;
    } else if (char === '"') {
      const end = stringEnd(source, at + 1);
      tokens.push({ kind: 'string', text: source.slice(at, end) });
      at = end;
    } else if (source.startsWith('...', at)) {
      tokens.push({ kind: 'spread', text: '...' });
      at += 3;
    } else if (isNameStart(code)) {
      let end = at + 1;
      while (end < length && isNameChar(source.charCodeAt(end))) end++;
      tokens.push({ kind: 'name', text: source.slice(at, end) });
      at = end;
    } else if (char === '-' || (code >= 0x30 && code <= 0x39)) {
      let end = at + 1;
      while (end < length && isNumberChar(source.charCodeAt(end))) end++;
      tokens.push({ kind: 'number', text: source.slice(at, end) });
      at = end;
    } else {
      tokens.push({ kind: PUNCTUATORS.includes(char) ? 'punct' : 'other', text: char });
      at++;
    }
  }
  return tokens;
}

/** End (exclusive) of a block string whose body starts at `at`: after the closing `"""`, or the source's end. */
function blockStringEnd(source: string, at: number): number {
  for (;;) {
    const close = source.indexOf('"""', at);
    if (close < 0) return source.length;
    if (source[close - 1] !== '\\') return close + 3;
    at = close + 3;
  }
}

/** End (exclusive) of a string whose body starts at `at`: after the closing quote, or at an unterminated string's line end. */
function stringEnd(source: string, at: number): number {
  while (at < source.length) {
    const char = source[at];
    if (char === '"') return at + 1;
    if (char === '\n' || char === '\r') return at;
    at += char === '\\' ? 2 : 1;
  }
  return source.length;
}

const OPERATION_TYPES = new Set<string>(['query', 'mutation', 'subscription']);

/** The top-level operation definitions: `query|mutation|subscription Name?`, and `{` alone for an anonymous query. */
function findOperations(tokens: readonly Token[]): GraphqlOperation[] {
  const operations: GraphqlOperation[] = [];
  let depth = 0;
  // A definition keyword was seen at the top level: the next top-level `{` is its body, not an anonymous query.
  let definitionOpen = false;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token.kind === 'punct') {
      if (token.text === '{' || token.text === '(' || token.text === '[') {
        if (depth === 0 && token.text === '{') {
          if (!definitionOpen) operations.push({ type: 'query' });
          definitionOpen = false;
        }
        depth++;
      } else if (token.text === '}' || token.text === ')' || token.text === ']') {
        depth = Math.max(0, depth - 1);
      }
    } else if (depth === 0 && token.kind === 'name' && !definitionOpen) {
      definitionOpen = true;
      if (OPERATION_TYPES.has(token.text)) {
        const next = tokens[index + 1];
        const operation: GraphqlOperation = { type: token.text as OperationType };
        if (next?.kind === 'name') operation.name = next.text;
        operations.push(operation);
      }
    }
  }
  return operations;
}

/** Indentation stops growing here, so a pathologically deep document stays linear to lay out. */
const MAX_INDENT = 32;
const INDENT = '  ';

function format(tokens: readonly Token[]): string {
  const lines: string[] = [];
  let line = '';
  let indent = 0;
  // One entry per open `{`: true when it opens a selection set (laid out one selection per line), false
  // for an input object inside arguments (kept on one line).
  const braces: boolean[] = [];
  let parens = 0;
  let previous: Token | undefined;
  // The next name continues the current selection: after `alias:`, `@`, `...`, `... on`, `$`, `=`.
  let glued = false;

  const endLine = () => {
    if (line !== '') lines.push(INDENT.repeat(Math.min(indent, MAX_INDENT)) + line);
    line = '';
  };
  const inSelectionSet = () => parens === 0 && braces.length > 0 && braces[braces.length - 1] === true;

  for (const token of tokens) {
    const { text } = token;
    if (token.kind === 'comment') {
      line += line === '' ? text : ` ${text}`;
      endLine();
      previous = token;
      continue;
    }
    if (text === '{' && token.kind === 'punct') {
      const selectionSet = parens === 0;
      braces.push(selectionSet);
      if (selectionSet) {
        line += line === '' ? '{' : ' {';
        endLine();
        indent++;
      } else {
        line += spaceBefore(previous, token) ? ' {' : '{';
      }
      previous = token;
      glued = false;
      continue;
    }
    if (text === '}' && token.kind === 'punct') {
      const selectionSet = braces.pop() ?? true;
      if (selectionSet) {
        endLine();
        indent = Math.max(0, indent - 1);
        line = '}';
        // A top-level definition ends here: the next one starts after a blank line.
        if (braces.length === 0) {
          endLine();
          lines.push('');
        }
      } else {
        line += '}';
      }
      previous = token;
      glued = false;
      continue;
    }
    const startsSelection = (token.kind === 'name' || token.kind === 'spread') && !glued && inSelectionSet();
    if (startsSelection) endLine();
    if (line !== '' && spaceBefore(previous, token)) line += ' ';
    line += text;
    if (text === '(' || text === '[') parens++;
    else if ((text === ')' || text === ']') && parens > 0) parens--;
    glued = token.kind === 'spread' || text === ':' || text === '@' || text === '$' || text === '=' || (text === 'on' && previous?.kind === 'spread');
    previous = token;
  }
  endLine();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

/** Whether a space separates `previous` and `token` on one line. */
function spaceBefore(previous: Token | undefined, token: Token): boolean {
  if (!previous) return false;
  const before = previous.text;
  if (previous.kind === 'punct' && (before === '(' || before === '[' || before === '$' || before === '@')) return false;
  if (previous.kind === 'punct' && before === '{' && token.text !== '}') return false;
  if (previous.kind === 'spread') return token.text === 'on';
  if (token.kind === 'punct' && (token.text === ')' || token.text === ']' || token.text === ',' || token.text === ':' || token.text === '!')) return false;
  if (token.kind === 'punct' && token.text === '}') return false;
  if (token.kind === 'punct' && token.text === '(' && previous.kind === 'name') return false;
  return true;
}
