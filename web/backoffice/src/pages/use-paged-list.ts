import { useCallback, useEffect, useState } from 'react';
import type { ApiResult } from '../../../ui/api';
import type { ListPage } from '../backoffice-api';
import type { Failure } from '../../../ui/form-outcome';
import { useSessionFailure } from '../staff-session';

/**
 * A cursor-paginated list: the first page whenever `key` changes (new filters), then `more()`
 * appends the next one. A stale answer (filters changed meanwhile) is dropped.
 */
export function usePagedList<T>(fetchPage: (cursor: string | null) => Promise<ApiResult<ListPage<T>>>, key: string) {
  const onSessionFailure = useSessionFailure();
  const [items, setItems] = useState<T[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);

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
      } else if (!onSessionFailure(result)) setFailure(result);
    },
    // A new key makes a new fetchPage meaningful; the closure itself changes every render.
    [key, onSessionFailure],
  );

  useEffect(() => {
    let current = true;
    setItems(null);
    void fetchInto(null, () => current);
    return () => {
      current = false;
    };
  }, [fetchInto]);

  const more = useCallback(() => {
    if (nextCursor && !busy) void fetchInto(nextCursor, () => true);
  }, [fetchInto, nextCursor, busy]);
  return { items, nextCursor, failure, busy, more };
}
