import type { ReactNode } from 'react';
import { Button } from '../../../ui/forms';

type THeader = string | { label: string; className: string };

/** A list's table: scrolls sideways inside its card rather than widening the page. */
export function ListTable({ headers, className, children }: { headers: THeader[]; className?: string; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table className={className ? `data-table ${className}` : 'data-table'}>
        <thead>
          <tr>
            {headers.map((header) =>
              typeof header === 'string' ? (
                <th key={header} scope="col">
                  {header}
                </th>
              ) : (
                <th key={header.label} scope="col" className={header.className}>
                  {header.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** "Load more" under a keyset-paginated list, shown while the API says more follow. */
export function MoreButton({ list, label }: { list: { nextCursor: string | null; busy: boolean; more: () => void }; label: string }) {
  if (!list.nextCursor) return null;
  return (
    <div className="actions">
      <Button variant="secondary" busy={list.busy} onClick={list.more}>
        {label}
      </Button>
    </div>
  );
}
