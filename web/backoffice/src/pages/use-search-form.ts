import type { FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { formText } from '../../../ui/form-outcome';

/**
 * A search form whose words (`q`) and filters live in the address bar, so Back and shared links
 * give the same list. `key` changes with the address: key the form and the list on it.
 */
export function useSearchForm<F extends string>(filterNames: readonly F[]) {
  const [params, setParams] = useSearchParams();
  const values: Partial<Record<'q' | F, string>> = {};
  for (const name of ['q', ...filterNames] as const) {
    const value = params.get(name);
    if (value) values[name] = value;
  }
  const activeFilters = filterNames.filter((name) => values[name]).length;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: Record<string, string> = {};
    for (const name of ['q', ...filterNames]) {
      const value = formText(form, name);
      if (value) next[name] = value;
    }
    setParams(next);
  }

  const clear = () => setParams({});

  return { values, key: params.toString(), activeFilters, submit, clear };
}
