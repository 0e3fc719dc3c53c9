import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import type { ApiResult } from '../../../ui/api';

export type Failure = Extract<ApiResult<unknown>, { ok: false }>;

/**
 * Loads what a signed-in page shows, again whenever `key` changes; a 401 sends the visitor to
 * the sign-in page. The failure is kept as the answer, not a sentence, so a language switch
 * translates it.
 */
export function useLoad<T>(load: () => Promise<ApiResult<T>>, key: string) {
  const navigate = useNavigate();
  const [data, setData] = useState<T | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let current = true;
    setFailure(null);
    void load().then((result) => {
      if (!current) return;
      if (result.ok) setData(result.data);
      else if (result.status === 401) void navigate('/sign-in', { replace: true });
      else setFailure(result);
    });
    return () => {
      current = false;
    };
    // `load` is a new closure each render; `key` says when what it asks for changed.
  }, [key, version, navigate]);

  const reload = useCallback(() => setVersion((value) => value + 1), []);
  return { data, setData, failure, setFailure, reload };
}

/** What a failed action does: sign-in on 401, otherwise the caller shows it. */
export function useFailureHandler(setFailure: (failure: Failure | null) => void) {
  const navigate = useNavigate();
  return useCallback(
    (failure: Failure) => {
      if (failure.status === 401) void navigate('/sign-in', { replace: true });
      else setFailure(failure);
    },
    [navigate, setFailure],
  );
}

type Page<T> = { items: T[]; nextCursor: string | null };

/**
 * A cursor-paginated list: the first page whenever `key` changes (new filters), then
 * `more()` appends the next one. A stale answer (filters changed meanwhile) is dropped.
 */
export function usePagedList<T>(fetchPage: (cursor: string | null) => Promise<ApiResult<Page<T>>>, key: string) {
  const navigate = useNavigate();
  const [items, setItems] = useState<T[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const [generation, setGeneration] = useState(0);

  const fetchInto = useCallback(
    async (cursor: string | null, isCurrent: () => boolean) => {
      setBusy(true);
      setFailure(null);
      const result = await fetchPage(cursor);
      if (!isCurrent()) return;
      setBusy(false);
      if (result.ok) {
        setItems((list) => [...(cursor ? (list ?? []) : []), ...result.data.items]);
        setNextCursor(result.data.nextCursor);
      } else if (result.status === 401) void navigate('/sign-in', { replace: true });
      else setFailure(result);
    },
    // A new key makes a new fetchPage meaningful; the closure itself changes every render.
    [key, navigate],
  );

  useEffect(() => {
    let current = true;
    setItems(null);
    void fetchInto(null, () => current);
    return () => {
      current = false;
    };
  }, [fetchInto, generation]);

  const more = useCallback(() => {
    if (nextCursor && !busy) void fetchInto(nextCursor, () => true);
  }, [fetchInto, nextCursor, busy]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { items, setItems, nextCursor, failure, busy, more, reload };
}
