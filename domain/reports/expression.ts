/**
 * The calculated fields' expression language: numbers, 'text', true/false/null, field names, + - * /,
 * comparisons, and/or/not, parentheses and a short list of functions. A strict hand-written parser
 * (about 150 lines) rather than a general one: anything outside this grammar is refused by name, and
 * the SQL it becomes quotes every identifier and binds every literal, so no text of an expression
 * reaches SQL as written.
 */
export type Expr =
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'field'; name: string }
  | { kind: 'unary'; op: '-' | 'not'; arg: Expr }
  | { kind: 'binary'; op: string; left: Expr; right: Expr }
  | { kind: 'call'; name: FunctionName; args: Expr[] };

/** The functions an expression may call, with how many arguments each takes. */
export const FUNCTIONS = {
  round: [1, 2],
  abs: [1, 1],
  coalesce: [2, 5],
  nullif: [2, 2],
  least: [2, 5],
  greatest: [2, 5],
  if: [3, 3],
  days_between: [2, 2],
  today: [0, 0],
  year: [1, 1],
  month: [1, 1],
  weekday: [1, 1],
  lower: [1, 1],
  upper: [1, 1],
} as const satisfies Record<string, readonly [number, number]>;
export type FunctionName = keyof typeof FUNCTIONS;

export class ExpressionError extends Error {
  override name = 'ExpressionError';
}

type Token = { kind: 'num' | 'str' | 'ident' | 'op' | 'punct'; text: string; at: number };

const tokenize = (source: string): Token[] => {
  const tokens: Token[] = [];
  const pattern =
    /\s*(?:(\d+(?:\.\d+)?)|'((?:[^'\\]|'')*)'|([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?)|(<=|>=|!=|<>|[-+*/<>=])|([(),]))/iy;
  let at = 0;
  while (at < source.length) {
    if (/^\s*$/.test(source.slice(at))) break;
    pattern.lastIndex = at;
    const m = pattern.exec(source);
    if (!m) throw new ExpressionError(`Unexpected "${source.slice(at).trim()[0]}" at ${at + 1}`);
    const start = at;
    at = pattern.lastIndex;
    if (m[1] !== undefined) tokens.push({ kind: 'num', text: m[1], at: start });
    else if (m[2] !== undefined) tokens.push({ kind: 'str', text: m[2].replaceAll("''", "'"), at: start });
    else if (m[3] !== undefined) tokens.push({ kind: 'ident', text: m[3].toLowerCase(), at: start });
    else if (m[4] !== undefined) tokens.push({ kind: 'op', text: m[4] === '<>' ? '!=' : m[4], at: start });
    else tokens.push({ kind: 'punct', text: m[5]!, at: start });
  }
  return tokens;
};

const MAX_DEPTH = 32;

export const parseExpression = (source: string): Expr => {
  const tokens = tokenize(source);
  let i = 0;
  let depth = 0;
  const peek = () => tokens[i];
  const isWord = (word: string) => peek()?.kind === 'ident' && peek()!.text === word;
  const expect = (text: string) => {
    const t = tokens[i];
    if (t?.text !== text)
      throw new ExpressionError(`Expected "${text}"${t ? ` at ${t.at + 1}` : ' at the end'}`);
    i++;
  };
  const nested = <T>(parse: () => T): T => {
    if (++depth > MAX_DEPTH) throw new ExpressionError('The expression nests too deeply');
    try {
      return parse();
    } finally {
      depth--;
    }
  };

  const primary = (): Expr =>
    nested(() => {
      const t = tokens[i++];
      if (!t) throw new ExpressionError('The expression ends too soon');
      if (t.kind === 'num') return { kind: 'literal', value: Number(t.text) };
      if (t.kind === 'str') return { kind: 'literal', value: t.text };
      if (t.text === '(') {
        const inner = or();
        expect(')');
        return inner;
      }
      if (t.kind !== 'ident') throw new ExpressionError(`Unexpected "${t.text}" at ${t.at + 1}`);
      if (t.text === 'true' || t.text === 'false') return { kind: 'literal', value: t.text === 'true' };
      if (t.text === 'null') return { kind: 'literal', value: null };
      if (peek()?.text !== '(') return { kind: 'field', name: t.text };
      if (!Object.hasOwn(FUNCTIONS, t.text))
        throw new ExpressionError(`Unknown function ${t.text}: use ${Object.keys(FUNCTIONS).join(', ')}`);
      const name = t.text as FunctionName;
      i++;
      const args: Expr[] = [];
      if (peek()?.text !== ')') {
        args.push(or());
        while (peek()?.text === ',') {
          i++;
          args.push(or());
        }
      }
      expect(')');
      const [min, max] = FUNCTIONS[name];
      if (args.length < min || args.length > max)
        throw new ExpressionError(`${name} takes ${min === max ? min : `${min} to ${max}`} arguments`);
      return { kind: 'call', name, args };
    });
  const unary = (): Expr => {
    if (peek()?.text === '-') {
      i++;
      return nested(() => ({ kind: 'unary', op: '-', arg: unary() }));
    }
    return primary();
  };
  const binary = (next: () => Expr, ops: readonly string[]) => (): Expr => {
    let left = next();
    while (peek() && ops.includes(peek()!.text) && peek()!.kind !== 'str') {
      const op = tokens[i++]!.text;
      left = { kind: 'binary', op, left, right: next() };
    }
    return left;
  };
  const mul = binary(unary, ['*', '/']);
  const add = binary(mul, ['+', '-']);
  const cmp = (): Expr => {
    const left = add();
    const t = peek();
    if (t?.kind === 'op' && ['<', '<=', '>', '>=', '=', '!='].includes(t.text)) {
      i++;
      return { kind: 'binary', op: t.text, left, right: add() };
    }
    return left;
  };
  const not = (): Expr => {
    if (isWord('not')) {
      i++;
      return nested(() => ({ kind: 'unary', op: 'not', arg: not() }));
    }
    return cmp();
  };
  const and = binary(not, ['and']);
  const or = binary(and, ['or']);

  const expr = or();
  if (i < tokens.length) throw new ExpressionError(`Unexpected "${tokens[i]!.text}" at ${tokens[i]!.at + 1}`);
  return expr;
};

/** The field names an expression reads. */
export const fieldsOf = (expr: Expr): string[] => {
  switch (expr.kind) {
    case 'literal':
      return [];
    case 'field':
      return [expr.name];
    case 'unary':
      return fieldsOf(expr.arg);
    case 'binary':
      return [...fieldsOf(expr.left), ...fieldsOf(expr.right)];
    case 'call':
      return expr.args.flatMap(fieldsOf);
  }
};
