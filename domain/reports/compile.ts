import type {
  ReportDefinition,
  ReportDimension,
  ReportFilter,
  ReportValue,
} from '../../events/contexts/report-definition.ts';
import type { Permission } from '../access/permissions.ts';
import {
  type ColumnType,
  DATASETS,
  type DatasetName,
  type DatasetSpec,
  datasetColumns,
  isDataset,
  permissionsFor,
  TABLES,
  type TableName,
} from './dataset.ts';
import { type Expr, ExpressionError, parseExpression } from './expression.ts';

/**
 * Compiles a report definition to SQL: the same definition to DuckDB's dialect (run by the report
 * function) and to Athena's (Trino), which differ only where the engines do (median and percentiles,
 * day of week). Every value from the definition is a bound parameter (`?`); identifiers are checked
 * against the dataset and quoted; numbers the engines need as constants (a percentile, a limit) are
 * validated numbers, never text.
 */
export type Dialect = 'duckdb' | 'athena';
export type Param = string | number | boolean | null;

export interface ResultColumn {
  name: string;
  type: ColumnType;
  role: 'row' | 'column' | 'value' | 'calculation' | 'field';
}

export interface Compiled {
  sql: string;
  params: Param[];
  /** Result columns in order, before any pivot. */
  columns: ResultColumn[];
  /** The tables the query reads, and the permissions reading them needs. */
  tables: TableName[];
  permissions: Permission[];
  /** Whether the rows are aggregates (grouped) rather than the dataset's rows as they are. */
  aggregated: boolean;
}

/** A definition the compiler refuses: `path` names the part to fix (`values[1].field`). */
export class DefinitionError extends Error {
  override name = 'DefinitionError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

export interface CompileOptions {
  dialect: Dialect;
  /** The business day relative dates count from (`in_last`, `today()`): bound, so tests pin it. */
  today: string;
  /** One page of a listing or grouped result. */
  page?: { limit: number; offset: number };
}

interface Frag {
  sql: string;
  params: Param[];
  type: ColumnType;
}

const q = (name: string) => `"${name}"`;
const join = (frags: readonly Pick<Frag, 'sql' | 'params'>[], separator: string) => ({
  sql: frags.map((f) => f.sql).join(separator),
  params: frags.flatMap((f) => f.params),
});

const bind = (value: Param, type?: ColumnType): Frag => {
  if (value === null) return { sql: 'NULL', params: [], type: type ?? 'string' };
  if (typeof value === 'boolean') return { sql: 'CAST(? AS BOOLEAN)', params: [value], type: 'boolean' };
  if (typeof value === 'number')
    return Number.isInteger(value)
      ? { sql: 'CAST(? AS BIGINT)', params: [value], type: 'integer' }
      : { sql: 'CAST(? AS DOUBLE)', params: [value], type: 'number' };
  if (type === 'date') return { sql: 'CAST(? AS DATE)', params: [value], type: 'date' };
  return { sql: 'CAST(? AS VARCHAR)', params: [value], type: 'string' };
};

const isNumeric = (t: ColumnType) => t === 'integer' || t === 'number';
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `day` moved by `n` periods (negative: back). */
export const addPeriods = (day: string, unit: string, n: number): string => {
  const d = new Date(`${day}T00:00:00Z`);
  if (unit === 'day') d.setUTCDate(d.getUTCDate() + n);
  else if (unit === 'week') d.setUTCDate(d.getUTCDate() + 7 * n);
  else if (unit === 'month') d.setUTCMonth(d.getUTCMonth() + n);
  else if (unit === 'quarter') d.setUTCMonth(d.getUTCMonth() + 3 * n);
  else d.setUTCFullYear(d.getUTCFullYear() + n);
  return d.toISOString().slice(0, 10);
};

/** The first day of the period `day` falls in (weeks start on Monday, as date_trunc's do). */
export const periodStart = (day: string, unit: string): string => {
  const d = new Date(`${day}T00:00:00Z`);
  if (unit === 'week') d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  if (unit === 'month' || unit === 'quarter' || unit === 'year') d.setUTCDate(1);
  if (unit === 'quarter') d.setUTCMonth(d.getUTCMonth() - (d.getUTCMonth() % 3));
  if (unit === 'year') d.setUTCMonth(0);
  return d.toISOString().slice(0, 10);
};

/** The days `in_last` covers: the last `amount` periods, the current one (up to today) included. */
export const lastPeriods = (today: string, amount: number, unit: string) => ({
  from: addPeriods(periodStart(today, unit), unit, -(amount - 1)),
  to: today,
});

/** A dimension's result column name: its `as`, or the field with its grain (`created_on_month`). */
export const dimensionName = (d: ReportDimension): string =>
  d.as ?? (d.grain ? `${d.field}_${d.grain}` : d.field).replace('.', '_');

/** A value's result column name: its `as`, or the aggregation and field (`sum_total_cents`). */
export const valueName = (v: ReportValue): string =>
  v.as ?? (v.field ? `${v.agg}_${v.field.replace('.', '_')}` : v.agg);

export const compile = (definition: ReportDefinition, options: CompileOptions): Compiled => {
  const { dialect, today } = options;
  if (!isDataset(definition.dataset))
    throw new DefinitionError(
      'dataset',
      `Unknown dataset ${definition.dataset}: use one of ${Object.keys(DATASETS).join(', ')}`,
    );
  const datasetName: DatasetName = definition.dataset;
  const dataset: DatasetSpec = DATASETS[datasetName];
  const columns = new Map(datasetColumns(datasetName).map((col) => [col.name, col.type]));
  const usedJoins = new Set<string>();
  const calculated = new Map<string, Frag>();

  const resolve = (ref: string, path: string): Frag => {
    const dot = ref.indexOf('.');
    if (dot > 0) {
      const joinName = ref.slice(0, dot);
      const column = ref.slice(dot + 1);
      const target = dataset.joins[joinName];
      if (!target)
        throw new DefinitionError(
          path,
          `Unknown field ${ref}: ${datasetName} joins ${Object.keys(dataset.joins).join(', ') || 'nothing'}`,
        );
      const col = TABLES[target.table].columns.find((x) => x.name === column);
      if (!col) throw new DefinitionError(path, `Unknown field ${ref}: ${target.table} has no ${column}`);
      usedJoins.add(joinName);
      return { sql: `${q(`j_${joinName}`)}.${q(column)}`, params: [], type: col.type };
    }
    const calc = calculated.get(ref);
    if (calc) return calc;
    const type = columns.get(ref);
    if (!type) throw new DefinitionError(path, `Unknown field ${ref} in ${datasetName}`);
    return { sql: `${q('t')}.${q(ref)}`, params: [], type };
  };

  const expression = (source: string, path: string, lookup: (name: string, path: string) => Frag): Frag => {
    let tree: Expr;
    try {
      tree = parseExpression(source);
    } catch (error) {
      if (error instanceof ExpressionError) throw new DefinitionError(path, error.message);
      throw error;
    }
    const walk = (e: Expr): Frag => {
      switch (e.kind) {
        case 'literal':
          return bind(e.value);
        case 'field':
          return lookup(e.name, path);
        case 'unary': {
          const arg = walk(e.arg);
          if (e.op === 'not') return { sql: `(NOT ${arg.sql})`, params: arg.params, type: 'boolean' };
          if (!isNumeric(arg.type)) throw new DefinitionError(path, 'Only numbers can be negated');
          return { sql: `(- ${arg.sql})`, params: arg.params, type: arg.type };
        }
        case 'binary': {
          const left = walk(e.left);
          const right = walk(e.right);
          const params = [...left.params, ...right.params];
          if (['+', '-', '*', '/'].includes(e.op)) {
            if (!isNumeric(left.type) || !isNumeric(right.type))
              throw new DefinitionError(path, `${e.op} needs numbers (use days_between for dates)`);
            if (e.op === '/')
              // Never integer division, and no division-by-zero error: an empty group divides to null.
              return {
                sql: `(CAST(${left.sql} AS DOUBLE) / NULLIF(CAST(${right.sql} AS DOUBLE), 0))`,
                params,
                type: 'number',
              };
            const type = left.type === 'integer' && right.type === 'integer' ? 'integer' : 'number';
            return { sql: `(${left.sql} ${e.op} ${right.sql})`, params, type };
          }
          if (e.op === 'and' || e.op === 'or')
            return { sql: `(${left.sql} ${e.op.toUpperCase()} ${right.sql})`, params, type: 'boolean' };
          const op = e.op === '!=' ? '<>' : e.op;
          return { sql: `(${left.sql} ${op} ${right.sql})`, params, type: 'boolean' };
        }
        case 'call': {
          if (e.name === 'today') return bind(today, 'date');
          const args = e.args.map(walk);
          const params = args.flatMap((a) => a.params);
          const list = args.map((a) => a.sql).join(', ');
          switch (e.name) {
            case 'if':
              return {
                sql: `(CASE WHEN ${args[0]!.sql} THEN ${args[1]!.sql} ELSE ${args[2]!.sql} END)`,
                params,
                type: args[1]!.type,
              };
            case 'days_between':
              if (args.some((a) => a.type !== 'date'))
                throw new DefinitionError(path, 'days_between needs two dates');
              return { sql: `date_diff('day', ${list})`, params, type: 'integer' };
            case 'weekday':
              if (args[0]!.type !== 'date') throw new DefinitionError(path, 'weekday needs a date');
              // 1 is Monday, as the day_of_week grain counts.
              return {
                sql: dialect === 'duckdb' ? `isodow(${list})` : `day_of_week(${list})`,
                params,
                type: 'integer',
              };
            case 'year':
            case 'month':
              if (args[0]!.type !== 'date') throw new DefinitionError(path, `${e.name} needs a date`);
              return { sql: `${e.name}(${list})`, params, type: 'integer' };
            case 'round':
            case 'abs':
              if (!isNumeric(args[0]!.type)) throw new DefinitionError(path, `${e.name} needs a number`);
              return { sql: `${e.name}(${list})`, params, type: args[0]!.type };
            default:
              return { sql: `${e.name}(${list})`, params, type: args[0]!.type };
          }
        }
      }
    };
    return walk(tree);
  };

  // Calculated fields, each over the dataset and the fields before it (so none can refer to itself).
  definition.fields.forEach((field, i) => {
    const path = `fields[${i}]`;
    if (columns.has(field.name) || calculated.has(field.name))
      throw new DefinitionError(`${path}.name`, `${field.name} is already a field of ${datasetName}`);
    const frag = expression(field.expression, `${path}.expression`, resolve);
    calculated.set(field.name, { ...frag, sql: `(${frag.sql})` });
  });

  const filter = (f: ReportFilter, path: string): Frag => {
    const field = resolve(f.field, `${path}.field`);
    const value = (v: unknown, at: string): Frag => {
      const ok =
        v !== undefined &&
        (isNumeric(field.type)
          ? typeof v === 'number'
          : field.type === 'boolean'
            ? typeof v === 'boolean'
            : field.type === 'date'
              ? typeof v === 'string' && DAY.test(v)
              : typeof v === 'string');
      if (!ok)
        throw new DefinitionError(
          at,
          `${f.field} is ${field.type === 'date' ? 'a date: give YYYY-MM-DD' : `of type ${field.type}`}`,
        );
      return bind(v as Param, field.type);
    };
    const compare = (op: string, v: Frag): Frag => ({
      sql: `${field.sql} ${op} ${v.sql}`,
      params: [...field.params, ...v.params],
      type: 'boolean',
    });
    switch (f.op) {
      case 'equals':
        return compare('=', value(f.value, `${path}.value`));
      case 'not_equals':
        return compare('<>', value(f.value, `${path}.value`));
      case 'gt':
        return compare('>', value(f.value, `${path}.value`));
      case 'gte':
        return compare('>=', value(f.value, `${path}.value`));
      case 'lt':
        return compare('<', value(f.value, `${path}.value`));
      case 'lte':
        return compare('<=', value(f.value, `${path}.value`));
      case 'is_null':
        return { sql: `${field.sql} IS NULL`, params: field.params, type: 'boolean' };
      case 'is_not_null':
        return { sql: `${field.sql} IS NOT NULL`, params: field.params, type: 'boolean' };
      case 'contains': {
        if (field.type !== 'string') throw new DefinitionError(`${path}.op`, `contains needs a text field`);
        const v = value(f.value, `${path}.value`);
        return {
          sql: `strpos(lower(${field.sql}), lower(${v.sql})) > 0`,
          params: [...field.params, ...v.params],
          type: 'boolean',
        };
      }
      case 'in':
      case 'not_in': {
        if (!f.values?.length) throw new DefinitionError(`${path}.values`, `${f.op} needs values`);
        const list = join(
          f.values.map((v, j) => value(v, `${path}.values[${j}]`)),
          ', ',
        );
        return {
          sql: `${field.sql} ${f.op === 'in' ? 'IN' : 'NOT IN'} (${list.sql})`,
          params: [...field.params, ...list.params],
          type: 'boolean',
        };
      }
      case 'between': {
        if (f.values?.length !== 2)
          throw new DefinitionError(`${path}.values`, 'between needs two values: from and to');
        const from = value(f.values[0], `${path}.values[0]`);
        const to = value(f.values[1], `${path}.values[1]`);
        return {
          sql: `${field.sql} BETWEEN ${from.sql} AND ${to.sql}`,
          params: [...field.params, ...from.params, ...to.params],
          type: 'boolean',
        };
      }
      case 'in_last':
      case 'in_current': {
        if (field.type !== 'date') throw new DefinitionError(`${path}.field`, `${f.op} needs a date field`);
        if (!f.unit) throw new DefinitionError(`${path}.unit`, `${f.op} needs a unit (day … year)`);
        const amount = f.op === 'in_current' ? 1 : f.amount;
        if (!amount) throw new DefinitionError(`${path}.amount`, 'in_last needs an amount');
        const span = lastPeriods(today, amount, f.unit);
        const from = bind(span.from, 'date');
        const to = bind(span.to, 'date');
        return {
          sql: `${field.sql} BETWEEN ${from.sql} AND ${to.sql}`,
          params: [...field.params, ...from.params, ...to.params],
          type: 'boolean',
        };
      }
    }
  };

  const where = (filters: readonly ReportFilter[], path: string): Frag | undefined =>
    filters.length
      ? {
          ...join(
            filters.map((f, i) => filter(f, `${path}[${i}]`)),
            ' AND ',
          ),
          type: 'boolean',
        }
      : undefined;

  const names = new Set<string>();
  const claim = (name: string, path: string) => {
    if (names.has(name))
      throw new DefinitionError(path, `Two result columns are named ${name}: give one an "as"`);
    names.add(name);
    return name;
  };

  const dimension = (d: ReportDimension, path: string, role: 'row' | 'column'): Frag & ResultColumn => {
    const field = resolve(d.field, `${path}.field`);
    const name = claim(dimensionName(d), path);
    if (!d.grain) return { ...field, name, role };
    if (field.type !== 'date') throw new DefinitionError(`${path}.grain`, `${d.field} is not a date`);
    if (d.grain === 'day') return { ...field, name, role };
    // Years and months of the year read as numbers (2026, 3): what a pivot's column headings show.
    if (d.grain === 'year' || d.grain === 'month_of_year')
      return {
        sql: `${d.grain === 'year' ? 'year' : 'month'}(${field.sql})`,
        params: field.params,
        type: 'integer',
        name,
        role,
      };
    if (d.grain === 'day_of_week')
      return {
        sql: dialect === 'duckdb' ? `isodow(${field.sql})` : `day_of_week(${field.sql})`,
        params: field.params,
        type: 'integer',
        name,
        role,
      };
    return {
      sql: `CAST(date_trunc('${d.grain}', ${field.sql}) AS DATE)`,
      params: field.params,
      type: 'date',
      name,
      role,
    };
  };

  const aggregate = (v: ReportValue, path: string): Frag & ResultColumn => {
    const field = v.field ? resolve(v.field, `${path}.field`) : undefined;
    const name = claim(valueName(v), path);
    if (!field && v.agg !== 'count') throw new DefinitionError(`${path}.field`, `${v.agg} needs a field`);
    const needsNumber = ['sum', 'avg', 'median', 'percentile'].includes(v.agg);
    if (field && needsNumber && !isNumeric(field.type))
      throw new DefinitionError(
        `${path}.agg`,
        `${v.agg} needs a number field; ${v.field} is ${field.type === 'date' ? 'a date' : `of type ${field.type}`}`,
      );
    if (field && (v.agg === 'min' || v.agg === 'max') && field.type === 'boolean')
      throw new DefinitionError(`${path}.agg`, `${v.agg} does not apply to yes/no field ${v.field}`);
    if (v.agg === 'percentile' && v.percentile === undefined)
      throw new DefinitionError(`${path}.percentile`, 'percentile needs a percentile between 0 and 1');
    const arg = field?.sql ?? '*';
    const quantile = (p: number) =>
      // A validated number, not input text: both engines need the fraction as a constant.
      dialect === 'duckdb'
        ? `quantile_cont(${arg}, ${Number(p)})`
        : `approx_percentile(${arg}, ${Number(p)})`;
    const sql = {
      count: `COUNT(${arg})`,
      count_distinct: `COUNT(DISTINCT ${arg})`,
      sum: `SUM(${arg})`,
      avg: `AVG(${arg})`,
      min: `MIN(${arg})`,
      max: `MAX(${arg})`,
      median: quantile(0.5),
      percentile: quantile(v.percentile ?? 0.5),
    }[v.agg];
    const type: ColumnType =
      v.agg === 'count' || v.agg === 'count_distinct'
        ? 'integer'
        : v.agg === 'sum' || v.agg === 'min' || v.agg === 'max'
          ? field!.type
          : 'number';
    const only = v.filters?.length ? where(v.filters, `${path}.filters`) : undefined;
    return {
      sql: only ? `${sql} FILTER (WHERE ${only.sql})` : sql,
      params: [...(field?.params ?? []), ...(only?.params ?? [])],
      type,
      name,
      role: 'value',
    };
  };

  const rows = definition.rows.map((d, i) => dimension(d, `rows[${i}]`, 'row'));
  const pivots = definition.columns.map((d, i) => dimension(d, `columns[${i}]`, 'column'));
  const values = definition.values.map((v, i) => aggregate(v, `values[${i}]`));
  const aggregated = values.length > 0;
  if (!aggregated && definition.columns.length)
    throw new DefinitionError('columns', 'A pivot needs values to put in its columns');
  if (!aggregated && definition.calculations.length)
    throw new DefinitionError('calculations', 'Calculations work on values: add values first');
  const byValue = new Map(values.map((v) => [v.name, v]));
  const calculations = definition.calculations.map((c, i): Frag & ResultColumn => {
    const path = `calculations[${i}]`;
    const frag = expression(c.expression, `${path}.expression`, (name, at) => {
      const v = byValue.get(name);
      if (!v)
        throw new DefinitionError(
          at,
          `Unknown value ${name}: use ${[...byValue.keys()].join(', ') || 'a value'}`,
        );
      return v;
    });
    return { ...frag, name: claim(c.name, `${path}.name`), role: 'calculation' };
  });
  const dims = [...rows, ...pivots];
  const select = [...dims, ...values, ...calculations];
  if (select.length === 0) throw new DefinitionError('rows', 'Choose at least one field or value');

  const filters = where(definition.filters, 'filters');
  const sorts = definition.sort.map((s, i) => {
    if (!names.has(s.by))
      throw new DefinitionError(`sort[${i}].by`, `Sort by a result column: ${[...names].join(', ')}`);
    return `${q(s.by)} ${s.direction.toUpperCase()}`;
  });
  const order = sorts.length ? sorts : dims.map((d) => `${q(d.name)} ASC`);

  const joins = [...usedJoins].map((name) => {
    const target = dataset.joins[name]!;
    return `LEFT JOIN ${q(target.table)} AS ${q(`j_${name}`)} ON ${q(`j_${name}`)}.${q(TABLES[target.table].key)} = ${q('t')}.${q(target.on)}`;
  });
  const from = dataset.view ? `(${dataset.view})` : q(dataset.tables[0]!);
  const parts = [
    `SELECT ${select.map((s) => `${s.sql} AS ${q(s.name)}`).join(', ')}`,
    `FROM ${from} AS ${q('t')}`,
    ...joins,
    ...(filters ? [`WHERE ${filters.sql}`] : []),
    ...(aggregated && dims.length ? [`GROUP BY ${dims.map((_, i) => i + 1).join(', ')}`] : []),
    ...(order.length ? [`ORDER BY ${order.join(', ')}`] : []),
  ];
  const { limit, offset } = pageOf(definition.limit, options.page);
  // Validated integers: Athena takes no parameters in LIMIT and OFFSET.
  if (offset > 0)
    parts.push(dialect === 'duckdb' ? `LIMIT ${limit} OFFSET ${offset}` : `OFFSET ${offset} LIMIT ${limit}`);
  else if (limit !== undefined) parts.push(`LIMIT ${limit}`);

  const tables = [
    ...new Set<TableName>([...dataset.tables, ...[...usedJoins].map((j) => dataset.joins[j]!.table)]),
  ];
  return {
    sql: parts.join('\n'),
    params: [...select.flatMap((s) => s.params), ...(filters?.params ?? [])],
    columns: select.map(({ name, type, role }) => ({ name, type, role })),
    tables,
    permissions: permissionsFor(tables),
    aggregated,
  };
};

const pageOf = (cap: number | undefined, page: CompileOptions['page']) => {
  if (!page) return { limit: cap, offset: 0 };
  const remaining = cap === undefined ? page.limit : Math.max(0, Math.min(page.limit, cap - page.offset));
  return { limit: Math.trunc(remaining), offset: Math.trunc(page.offset) };
};
