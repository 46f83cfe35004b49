// Regular expressions from users, matched with bounded work. A user's pattern runs in the inspected
// page's thread (rules act before the socket sends and before the page's listeners): the built-in
// RegExp backtracks without limit, so a pattern like (a+)+$ on a long line could hang the page, and
// it would also hand the pattern to a RegExp.prototype the page may have patched. This is a
// backtracking matcher of our own with a step budget: a match that needs more steps gives up and
// counts as no match.
//
// Supported, with JavaScript's meaning, on UTF-16 code units: literals and escapes (\n \r \t \v \f \0
// \xHH \uHHHH, escaped punctuation), `.`, classes [a-z] [^…] with \d \w \s \D \W \S inside or outside,
// anchors ^ $ \b \B, groups ( ) (?: ) (?<name> ), alternation |, quantifiers * + ? {n} {n,} {n,m}
// (greedy, or lazy with a trailing ?), backreferences \1-\9 and \k<name>; flags i (case-insensitive),
// m (^ $ at line ends), s (`.` matches line ends). Refused with a message: lookaround, \p{…}, other flags.
import { RuleSyntaxError } from './errors';
import { fromCharCode, newList, stringCharCodeAt, stringIndexOf, uncurryThis, type List } from '../worlds/pristine';

const NativeInt32Array = Int32Array;
const toLowerCase = uncurryThis(String.prototype.toLowerCase) as (text: string) => string;
const toUpperCase = uncurryThis(String.prototype.toUpperCase) as (text: string) => string;

/** Steps a single search may take before it gives up: about a millisecond or two of work. */
export const DEFAULT_STEP_BUDGET = 200_000;
const MAX_PROGRAM = 50_000;
const MAX_REPEAT = 1000;

/** Steps left for the searches that share it (one rule on one message, say). */
export interface StepBudget {
  steps: number;
}

export class RegexSyntaxError extends RuleSyntaxError {}

export interface RegexMatch {
  start: number;
  end: number;
  /** Start and end of every group, group 0 being the whole match; -1 where a group took no part. */
  groups: Int32Array;
}

/** What a search returns when it ran out of steps. */
export const OUT_OF_STEPS = 'out-of-steps';

export interface BoundedRegex {
  readonly groupCount: number;
  /** Group names by number ('' for unnamed groups). */
  readonly names: List<string>;
  /** The leftmost match at or after `from`, null for none, OUT_OF_STEPS when `budget` ran out (it is spent as the search goes). */
  exec(text: string, from: number, budget?: StepBudget): RegexMatch | null | typeof OUT_OF_STEPS;
}

// ---- syntax tree ----
type Node =
  | { t: 'char'; code: number }
  | { t: 'any' }
  | { t: 'class'; set: CharSet }
  | { t: 'seq'; items: List<Node> }
  | { t: 'alt'; options: List<Node> }
  | { t: 'group'; index: number; body: Node }
  | { t: 'repeat'; body: Node; min: number; max: number; greedy: boolean }
  | { t: 'assert'; what: number }
  | { t: 'backref'; index: number; name: string };

/** Ranges as [from, to] pairs, inclusive, plus built-in classes (CLASS_*), optionally negated. */
interface CharSet {
  ranges: List<number>;
  builtins: List<number>;
  negated: boolean;
}

const CLASS_DIGIT = 1;
const CLASS_WORD = 2;
const CLASS_SPACE = 3;
const CLASS_NOT_DIGIT = 4;
const CLASS_NOT_WORD = 5;
const CLASS_NOT_SPACE = 6;

const ASSERT_START = 1;
const ASSERT_END = 2;
const ASSERT_WORD = 3;
const ASSERT_NOT_WORD = 4;

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isWord(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || isDigit(code) || code === 0x5f;
}

function isSpace(code: number): boolean {
  return (
    (code >= 9 && code <= 13) ||
    code === 0x20 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

function isLineEnd(code: number): boolean {
  return code === 10 || code === 13 || code === 0x2028 || code === 0x2029;
}

function lower(code: number): number {
  if (code >= 0x41 && code <= 0x5a) return code + 32;
  if (code < 0x80) return code;
  const folded = toLowerCase(fromCharCode(code));
  return folded.length === 1 ? stringCharCodeAt(folded, 0) : code;
}

function upper(code: number): number {
  if (code >= 0x61 && code <= 0x7a) return code - 32;
  if (code < 0x80) return code;
  const folded = toUpperCase(fromCharCode(code));
  return folded.length === 1 ? stringCharCodeAt(folded, 0) : code;
}

function builtinHas(kind: number, code: number): boolean {
  switch (kind) {
    case CLASS_DIGIT:
      return isDigit(code);
    case CLASS_WORD:
      return isWord(code);
    case CLASS_SPACE:
      return isSpace(code);
    case CLASS_NOT_DIGIT:
      return !isDigit(code);
    case CLASS_NOT_WORD:
      return !isWord(code);
    default:
      return !isSpace(code);
  }
}

function setHasExactly(set: CharSet, code: number): boolean {
  for (let index = 0; index < set.ranges.length; index += 2) if (code >= set.ranges[index]! && code <= set.ranges[index + 1]!) return true;
  for (let index = 0; index < set.builtins.length; index++) if (builtinHas(set.builtins[index]!, code)) return true;
  return false;
}

function setHas(set: CharSet, code: number, ignoreCase: boolean): boolean {
  const found = setHasExactly(set, code) || (ignoreCase && (setHasExactly(set, lower(code)) || setHasExactly(set, upper(code))));
  return found !== set.negated;
}

// ---- parser ----
class Parser {
  private at = 0;
  groupCount = 0;
  readonly names = newList<string>();
  private readonly namedRefs = newList<Node & { t: 'backref' }>();

  constructor(private readonly source: string) {
    this.names[0] = '';
  }

  parse(): Node {
    const node = this.alternation();
    if (this.at < this.source.length) this.fail(this.peek() === 0x29 ? 'unmatched )' : 'unexpected character');
    // \k<name> may come before its group: resolved once every group is known.
    for (let index = 0; index < this.namedRefs.length; index++) {
      const ref = this.namedRefs[index]!;
      let found = -1;
      for (let group = 1; group < this.names.length; group++) if (this.names[group] === ref.name) found = group;
      if (found < 0) throw new RegexSyntaxError(`no group named "${ref.name}"`);
      ref.index = found;
    }
    return node;
  }

  private fail(what: string): never {
    throw new RegexSyntaxError(`${what} at position ${this.at + 1}`);
  }

  private peek(offset = 0): number {
    const index = this.at + offset;
    return index < this.source.length ? stringCharCodeAt(this.source, index) : -1;
  }

  private eat(code: number): boolean {
    if (this.peek() !== code) return false;
    this.at++;
    return true;
  }

  private alternation(): Node {
    const options = newList<Node>();
    options[0] = this.sequence();
    while (this.eat(0x7c)) options[options.length] = this.sequence();
    return options.length === 1 ? options[0]! : { t: 'alt', options };
  }

  private sequence(): Node {
    const items = newList<Node>();
    while (this.at < this.source.length && this.peek() !== 0x7c && this.peek() !== 0x29) {
      const atom = this.atom();
      items[items.length] = this.quantified(atom);
    }
    return { t: 'seq', items };
  }

  private quantified(atom: Node): Node {
    // No destructuring here or elsewhere: it runs a page's patched array iterator.
    let min = 0;
    let max = -1;
    const code = this.peek();
    if (code === 0x2a) max = -1;
    else if (code === 0x2b) min = 1;
    else if (code === 0x3f) max = 1;
    else if (code === 0x7b && this.isBraceQuantifier()) {
      this.at++;
      min = this.number();
      max = min;
      if (this.eat(0x2c)) max = this.peek() === 0x7d ? -1 : this.number();
      if (!this.eat(0x7d)) this.fail('expected }');
      if (max !== -1 && max < min) this.fail('numbers out of order in {}');
      if (min > MAX_REPEAT || max > MAX_REPEAT) this.fail(`repeat counts above ${MAX_REPEAT}`);
      this.at--; // the common step below moves past the quantifier's last character
    } else return atom;
    this.at++;
    if (atom.t === 'assert') this.fail('nothing to repeat');
    const greedy = !this.eat(0x3f);
    if (this.peek() === 0x2a || this.peek() === 0x2b || (this.peek() === 0x3f && !greedy)) this.fail('nothing to repeat');
    return { t: 'repeat', body: atom, min, max, greedy };
  }

  private isBraceQuantifier(): boolean {
    let index = this.at + 1;
    let digits = 0;
    while (index < this.source.length && isDigit(stringCharCodeAt(this.source, index))) {
      index++;
      digits++;
    }
    if (digits === 0) return false;
    if (index < this.source.length && stringCharCodeAt(this.source, index) === 0x2c) {
      index++;
      while (index < this.source.length && isDigit(stringCharCodeAt(this.source, index))) index++;
    }
    return index < this.source.length && stringCharCodeAt(this.source, index) === 0x7d;
  }

  private number(): number {
    let value = 0;
    let digits = 0;
    while (isDigit(this.peek())) {
      value = value * 10 + (this.peek() - 0x30);
      if (value > 1e6) value = 1e6;
      this.at++;
      digits++;
    }
    if (digits === 0) this.fail('expected a number');
    return value;
  }

  private atom(): Node {
    const code = this.peek();
    this.at++;
    switch (code) {
      case 0x2e:
        return { t: 'any' };
      case 0x5e:
        return { t: 'assert', what: ASSERT_START };
      case 0x24:
        return { t: 'assert', what: ASSERT_END };
      case 0x5b:
        return { t: 'class', set: this.classBody() };
      case 0x28:
        return this.group();
      case 0x5c:
        return this.escape();
      case 0x2a:
      case 0x2b:
      case 0x3f:
        this.at--;
        return this.fail('nothing to repeat');
      case 0x7b:
        if (this.isBraceQuantifierAt(this.at - 1)) {
          this.at--;
          this.fail('nothing to repeat');
        }
        return { t: 'char', code };
      default:
        return { t: 'char', code };
    }
  }

  private isBraceQuantifierAt(index: number): boolean {
    const saved = this.at;
    this.at = index;
    const result = this.isBraceQuantifier();
    this.at = saved;
    return result;
  }

  private group(): Node {
    let index = 0;
    if (this.eat(0x3f)) {
      if (this.eat(0x3a)) {
        // (?: … ): not captured
      } else if (this.peek() === 0x3c && this.peek(1) !== 0x3d && this.peek(1) !== 0x21) {
        this.at++;
        const name = this.groupName();
        for (let group = 1; group < this.names.length; group++) if (this.names[group] === name) this.fail(`duplicate group name "${name}"`);
        index = ++this.groupCount;
        this.names[index] = name;
      } else {
        this.fail('lookahead and lookbehind are not supported');
      }
    } else {
      index = ++this.groupCount;
      this.names[index] = '';
    }
    const body = this.alternation();
    if (!this.eat(0x29)) this.fail('missing )');
    return index === 0 ? body : { t: 'group', index, body };
  }

  private groupName(): string {
    let name = '';
    while (this.at < this.source.length && this.peek() !== 0x3e) {
      const code = this.peek();
      if (!isWord(code) && code !== 0x24) this.fail('invalid group name');
      name += fromCharCode(code);
      this.at++;
    }
    if (!this.eat(0x3e) || name === '' || isDigit(stringCharCodeAt(name, 0))) this.fail('invalid group name');
    return name;
  }

  private escape(): Node {
    const code = this.peek();
    if (code < 0) this.fail('\\ at end of pattern');
    this.at++;
    switch (code) {
      case 0x62:
        return { t: 'assert', what: ASSERT_WORD };
      case 0x42:
        return { t: 'assert', what: ASSERT_NOT_WORD };
      case 0x6b: {
        if (!this.eat(0x3c)) this.fail('\\k needs <name>');
        const ref: Node & { t: 'backref' } = { t: 'backref', index: 0, name: this.groupName() };
        this.namedRefs[this.namedRefs.length] = ref;
        return ref;
      }
      default:
        break;
    }
    if (code >= 0x31 && code <= 0x39) return { t: 'backref', index: code - 0x30, name: '' };
    const builtin = builtinClass(code);
    if (builtin !== 0) {
      const builtins = newList<number>();
      builtins[0] = builtin;
      return { t: 'class', set: { ranges: newList<number>(), builtins, negated: false } };
    }
    return { t: 'char', code: this.characterEscape(code) };
  }

  /** The character an escape stands for, `code` being the character after the backslash (already consumed). */
  private characterEscape(code: number): number {
    switch (code) {
      case 0x6e:
        return 10;
      case 0x72:
        return 13;
      case 0x74:
        return 9;
      case 0x76:
        return 11;
      case 0x66:
        return 12;
      case 0x30:
        if (isDigit(this.peek())) this.fail('octal escapes are not supported');
        return 0;
      case 0x78:
        return this.hex(2);
      case 0x75:
        return this.hex(4);
      case 0x70:
      case 0x50:
        return this.fail('\\p{…} is not supported');
      case 0x63:
        return this.fail('\\c escapes are not supported');
      default:
        if (isWord(code)) this.fail(`unknown escape \\${fromCharCode(code)}`);
        return code;
    }
  }

  private hex(digits: number): number {
    let value = 0;
    for (let index = 0; index < digits; index++) {
      const code = this.peek();
      const digit = isDigit(code) ? code - 0x30 : code >= 0x61 && code <= 0x66 ? code - 0x57 : code >= 0x41 && code <= 0x46 ? code - 0x37 : -1;
      if (digit < 0) this.fail('expected a hex digit');
      value = value * 16 + digit;
      this.at++;
    }
    return value;
  }

  private classBody(): CharSet {
    const set: CharSet = { ranges: newList<number>(), builtins: newList<number>(), negated: this.eat(0x5e) };
    let first = true;
    while (first || this.peek() !== 0x5d) {
      first = false;
      if (this.at >= this.source.length) this.fail('missing ]');
      const from = this.classAtom(set);
      if (from < 0) continue;
      if (this.peek() === 0x2d && this.peek(1) !== 0x5d && this.peek(1) !== -1) {
        this.at++;
        const to = this.classAtom(set);
        if (to < 0) this.fail('a class like \\d cannot end a range');
        if (to < from) this.fail('range out of order in class');
        set.ranges[set.ranges.length] = from;
        set.ranges[set.ranges.length] = to;
      } else {
        set.ranges[set.ranges.length] = from;
        set.ranges[set.ranges.length] = from;
      }
    }
    this.at++;
    return set;
  }

  /** One character of a class, or -1 after adding a built-in class (\d, \w, …) to `set`. */
  private classAtom(set: CharSet): number {
    const code = this.peek();
    this.at++;
    if (code !== 0x5c) return code;
    const escaped = this.peek();
    if (escaped < 0) this.fail('\\ at end of pattern');
    this.at++;
    if (escaped === 0x62) return 8; // \b in a class is a backspace
    if (escaped === 0x2d) return 0x2d;
    const builtin = builtinClass(escaped);
    if (builtin !== 0) {
      set.builtins[set.builtins.length] = builtin;
      return -1;
    }
    return this.characterEscape(escaped);
  }
}

function builtinClass(code: number): number {
  switch (code) {
    case 0x64:
      return CLASS_DIGIT;
    case 0x77:
      return CLASS_WORD;
    case 0x73:
      return CLASS_SPACE;
    case 0x44:
      return CLASS_NOT_DIGIT;
    case 0x57:
      return CLASS_NOT_WORD;
    case 0x53:
      return CLASS_NOT_SPACE;
    default:
      return 0;
  }
}

// ---- program ----
const OP_CHAR = 1;
const OP_ANY = 2;
const OP_CLASS = 3;
const OP_SPLIT = 4; // try a, on failure b
const OP_JUMP = 5;
const OP_SAVE = 6;
const OP_ASSERT = 7;
const OP_BACKREF = 8;
const OP_MARK = 9; // register a := position (loop entry)
const OP_PROGRESS = 10; // fail unless position moved since register a
const OP_MATCH = 11;

class Compiler {
  /** Triples: opcode, a, b. */
  code = new NativeInt32Array(256);
  length = 0;
  readonly sets = newList<CharSet>();
  registers = 0;

  emit(op: number, a = 0, b = 0): number {
    if (this.length >= MAX_PROGRAM) throw new RegexSyntaxError('pattern too large (reduce its repeat counts)');
    if ((this.length + 1) * 3 > this.code.length) {
      const grown = new NativeInt32Array(this.code.length * 2);
      for (let index = 0; index < this.length * 3; index++) grown[index] = this.code[index]!;
      this.code = grown;
    }
    const at = this.length++;
    this.code[at * 3] = op;
    this.code[at * 3 + 1] = a;
    this.code[at * 3 + 2] = b;
    return at;
  }

  patch(at: number, a: number, b: number): void {
    this.code[at * 3 + 1] = a;
    this.code[at * 3 + 2] = b;
  }

  node(node: Node): void {
    switch (node.t) {
      case 'char':
        this.emit(OP_CHAR, node.code);
        return;
      case 'any':
        this.emit(OP_ANY);
        return;
      case 'class':
        this.sets[this.sets.length] = node.set;
        this.emit(OP_CLASS, this.sets.length - 1);
        return;
      case 'seq':
        for (let index = 0; index < node.items.length; index++) this.node(node.items[index]!);
        return;
      case 'alt': {
        const jumps = newList<number>();
        for (let index = 0; index < node.options.length; index++) {
          if (index < node.options.length - 1) {
            const split = this.emit(OP_SPLIT);
            this.node(node.options[index]!);
            jumps[jumps.length] = this.emit(OP_JUMP);
            this.patch(split, split + 1, this.length);
          } else {
            this.node(node.options[index]!);
          }
        }
        for (let index = 0; index < jumps.length; index++) this.patch(jumps[index]!, this.length, 0);
        return;
      }
      case 'group':
        this.emit(OP_SAVE, node.index * 2);
        this.node(node.body);
        this.emit(OP_SAVE, node.index * 2 + 1);
        return;
      case 'assert':
        this.emit(OP_ASSERT, node.what);
        return;
      case 'backref':
        this.emit(OP_BACKREF, node.index);
        return;
      case 'repeat':
        this.repeat(node.body, node.min, node.max, node.greedy);
        return;
    }
  }

  private repeat(body: Node, min: number, max: number, greedy: boolean): void {
    for (let index = 0; index < min; index++) this.node(body);
    if (max === -1) {
      // loop: split(body, out); mark; body; progress; jump loop
      const register = this.registers++;
      const loop = this.emit(OP_SPLIT);
      this.emit(OP_MARK, register);
      this.node(body);
      this.emit(OP_PROGRESS, register);
      this.emit(OP_JUMP, loop);
      this.patch(loop, greedy ? loop + 1 : this.length, greedy ? this.length : loop + 1);
      return;
    }
    // Optional copies, nested: a later copy is tried only after the one before it matched.
    const splits = newList<number>();
    for (let index = min; index < max; index++) {
      splits[splits.length] = this.emit(OP_SPLIT);
      this.node(body);
    }
    for (let index = 0; index < splits.length; index++) {
      const split = splits[index]!;
      this.patch(split, greedy ? split + 1 : this.length, greedy ? this.length : split + 1);
    }
  }
}

/** Compiles `pattern`; throws RegexSyntaxError (with the position) for what is not supported or malformed. */
export function compileRegex(pattern: string, flags: string): BoundedRegex {
  let ignoreCase = false;
  let multiline = false;
  let dotAll = false;
  for (let index = 0; index < flags.length; index++) {
    const flag = stringCharCodeAt(flags, index);
    if (flag === 0x69) ignoreCase = true;
    else if (flag === 0x6d) multiline = true;
    else if (flag === 0x73) dotAll = true;
    else throw new RegexSyntaxError(`flag "${fromCharCode(flag)}" is not supported (use i, m, s)`);
  }
  const parser = new Parser(pattern);
  const tree = parser.parse();
  const compiler = new Compiler();
  compiler.node(tree);
  compiler.emit(OP_MATCH);
  const { code, sets, registers } = compiler;
  const groupCount = parser.groupCount;
  for (let index = 0; index < compiler.length; index++) {
    if (code[index * 3] === OP_BACKREF && code[index * 3 + 1]! > groupCount) throw new RegexSyntaxError(`\\${code[index * 3 + 1]} refers to a missing group`);
  }
  const slots = (groupCount + 1) * 2;
  const options = { ignoreCase, multiline, dotAll };
  const prefix = ignoreCase ? '' : literalPrefix(code, compiler.length);

  return {
    groupCount,
    names: parser.names,
    exec(text, from, budget = { steps: DEFAULT_STEP_BUDGET }) {
      // A match must begin with the pattern's literal prefix: skip to where it occurs (most messages: nowhere).
      let start = prefix === '' ? from : stringIndexOf(text, prefix, from);
      if (start < 0) return null;
      const state: MatchState = { budget, stack: new NativeInt32Array(192), depth: 0 };
      const groups = new NativeInt32Array(slots);
      const marks = new NativeInt32Array(registers > 0 ? registers : 1);
      for (; start <= text.length; start++) {
        if (prefix !== '') {
          start = stringIndexOf(text, prefix, start);
          if (start < 0) return null;
        }
        for (let index = 0; index < slots; index++) groups[index] = -1;
        const end = run(code, sets, options, text, start, groups, marks, state);
        if (end === OUT_OF_BUDGET) return OUT_OF_STEPS;
        if (end >= 0) {
          groups[0] = start;
          groups[1] = end;
          return { start, end, groups };
        }
      }
      return null;
    },
  };
}

/** The characters every match starts with: the program's leading run of single-character steps. */
function literalPrefix(code: Int32Array, length: number): string {
  let prefix = '';
  for (let at = 0; at < length && code[at * 3] === OP_CHAR; at++) prefix += fromCharCode(code[at * 3 + 1]!);
  return prefix;
}

interface MatchState {
  budget: StepBudget;
  /** Backtrack entries, triples: kind (-1 branch, -2 group slot, -3 register), then pc and position, or slot and old value. */
  stack: Int32Array;
  depth: number;
}

interface Options {
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
}

const OUT_OF_BUDGET = -2;
const BRANCH = -1;
const RESTORE_GROUP = -2;
const RESTORE_MARK = -3;

function push(state: MatchState, kind: number, a: number, b: number): void {
  if (state.depth + 3 > state.stack.length) {
    const grown = new NativeInt32Array(state.stack.length * 2);
    for (let index = 0; index < state.depth; index++) grown[index] = state.stack[index]!;
    state.stack = grown;
  }
  state.stack[state.depth++] = kind;
  state.stack[state.depth++] = a;
  state.stack[state.depth++] = b;
}

/** Runs the program from `start`; the end of the match, -1 for none, OUT_OF_BUDGET when the steps ran out. */
function run(
  code: Int32Array,
  sets: List<CharSet>,
  options: Options,
  text: string,
  start: number,
  groups: Int32Array,
  marks: Int32Array,
  state: MatchState,
): number {
  const { ignoreCase, multiline, dotAll } = options;
  const length = text.length;
  let pc = 0;
  let at = start;
  state.depth = 0;
  for (;;) {
    if (--state.budget.steps < 0) return OUT_OF_BUDGET;
    const op = code[pc * 3]!;
    const a = code[pc * 3 + 1]!;
    let ok = true;
    switch (op) {
      case OP_CHAR:
        if (at < length) {
          const here = stringCharCodeAt(text, at);
          ok = here === a || (ignoreCase && lower(here) === lower(a));
        } else ok = false;
        if (ok) {
          at++;
          pc++;
        }
        break;
      case OP_ANY:
        ok = at < length && (dotAll || !isLineEnd(stringCharCodeAt(text, at)));
        if (ok) {
          at++;
          pc++;
        }
        break;
      case OP_CLASS:
        ok = at < length && setHas(sets[a]!, stringCharCodeAt(text, at), ignoreCase);
        if (ok) {
          at++;
          pc++;
        }
        break;
      case OP_SPLIT:
        push(state, BRANCH, code[pc * 3 + 2]!, at);
        pc = a;
        break;
      case OP_JUMP:
        pc = a;
        break;
      case OP_SAVE:
        push(state, RESTORE_GROUP, a, groups[a]!);
        groups[a] = at;
        pc++;
        break;
      case OP_MARK:
        push(state, RESTORE_MARK, a, marks[a]!);
        marks[a] = at;
        pc++;
        break;
      case OP_PROGRESS:
        ok = marks[a] !== at;
        if (ok) pc++;
        break;
      case OP_ASSERT:
        ok = assertion(a, text, at, multiline);
        if (ok) pc++;
        break;
      case OP_BACKREF: {
        const from = groups[a * 2]!;
        const to = groups[a * 2 + 1]!;
        if (from >= 0 && to >= from) {
          const size = to - from;
          ok = at + size <= length;
          for (let index = 0; ok && index < size; index++) {
            const x = stringCharCodeAt(text, from + index);
            const y = stringCharCodeAt(text, at + index);
            ok = x === y || (ignoreCase && lower(x) === lower(y));
          }
          if (ok) at += size;
        }
        if (ok) pc++;
        break;
      }
      case OP_MATCH:
        return at;
      default:
        ok = false;
    }
    if (ok) continue;
    // Backtrack: undo group and register writes down to the latest branch, and take it.
    for (;;) {
      if (state.depth === 0) return -1;
      const b = state.stack[--state.depth]!;
      const slot = state.stack[--state.depth]!;
      const kind = state.stack[--state.depth]!;
      if (kind === RESTORE_GROUP) groups[slot] = b;
      else if (kind === RESTORE_MARK) marks[slot] = b;
      else {
        pc = slot;
        at = b;
        break;
      }
    }
  }
}

function assertion(what: number, text: string, at: number, multiline: boolean): boolean {
  switch (what) {
    case ASSERT_START:
      return at === 0 || (multiline && isLineEnd(stringCharCodeAt(text, at - 1)));
    case ASSERT_END:
      return at === text.length || (multiline && isLineEnd(stringCharCodeAt(text, at)));
    default: {
      const before = at > 0 && isWord(stringCharCodeAt(text, at - 1));
      const after = at < text.length && isWord(stringCharCodeAt(text, at));
      return (before !== after) === (what === ASSERT_WORD);
    }
  }
}
