// The filter selects above a list: a visible label and a <select> named by the same text (what the e2e tests and
// screen readers find it by), an optional "全部…" first choice, and the year filter the registers share.
// Nothing here knows about a domain; the features pass their own labels and choices.

export type FilterOption<V extends string | number> = { value: V; label: string };

export function FilterSelect<V extends string | number>(props: {
  /** The visible label and the select's accessible name. */
  label: string;
  /** An accessible name other than the visible label (e.g. 查实 → 是否查实). */
  ariaLabel?: string;
  value: V;
  onChange: (value: V) => void;
  options: readonly FilterOption<V>[];
  /** A first choice meaning "no filter", e.g. 全部年度; its value is `allValue`. */
  allLabel?: string;
  /** The "no filter" value: 0 for a number filter, '' for a text filter unless given (e.g. 'all'). */
  allValue?: V;
  /** Only the select (named by aria-label, no visible label), in the compact style of the credit toolbars. */
  compact?: boolean;
}) {
  const { label, value, onChange, options, allLabel, compact } = props;
  const all: FilterOption<V>[] =
    allLabel === undefined
      ? []
      : [{ value: props.allValue ?? ((typeof value === 'number' ? 0 : '') as V), label: allLabel }];
  const choices = [...all, ...options];
  const select = (
    <select
      className={compact ? 'input input-compact' : 'input'}
      aria-label={props.ariaLabel ?? label}
      value={value}
      onChange={(e) => {
        const picked = choices.find((o) => String(o.value) === e.target.value);
        if (picked) onChange(picked.value);
      }}
    >
      {choices.map((o, i) => (
        // The "no filter" choice is marked: a printed list does not name it among its filters (ui/grid-print.ts).
        <option key={o.value} value={o.value} data-all={i === 0 && all.length ? '' : undefined}>
          {o.label}
        </option>
      ))}
    </select>
  );
  if (compact) return select;
  return (
    <label className="filter-field">
      {label} {select}
    </label>
  );
}

/** Choices from a list of keys and their labels (the contract's `X_LABELS` maps). */
export function labelled<K extends string>(keys: readonly K[], labels: Record<K, string>): FilterOption<K>[] {
  return keys.map((k) => ({ value: k, label: labels[k] }));
}

/** The year filter's choices: this year and the five before it. */
export function yearChoices(today: string): number[] {
  const y = Number(today.slice(0, 4));
  return [0, 1, 2, 3, 4, 5].map((k) => y - k);
}

/** 年度: every year (0), or this year and the five before it. `today` is an ISO date. */
export function YearFilter(props: { value: number; onChange: (year: number) => void; today: string }) {
  return (
    <FilterSelect
      label="年度"
      value={props.value}
      onChange={props.onChange}
      allLabel="全部年度"
      options={yearChoices(props.today).map((y) => ({ value: y, label: `${y} 年` }))}
    />
  );
}

/** The search box above a grid (its text goes to the grid's quick filter). */
export function SearchBox(props: {
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <input
      className="input search"
      type="search"
      placeholder={props.placeholder}
      aria-label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
    />
  );
}
