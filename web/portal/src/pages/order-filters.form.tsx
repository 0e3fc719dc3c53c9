import { type FormEvent } from 'react';
import { Button, SelectField, TextField } from '../../../ui/forms';
import { useMessages } from '../../../ui/i18n';
import { formText } from '../../../ui/form-outcome';
import type { OrderChannel, OrderFilters, OrderStatus } from '../portal-api';
import { ordersMessages } from './orders.messages';

const STATUSES: readonly OrderStatus[] = ['pending_approval', 'open', 'completed', 'cancelled', 'refused'];
const CHANNELS: readonly OrderChannel[] = ['online', 'store'];
export const FILTER_NAMES = ['from', 'to', 'status', 'channel', 'locationId'] as const;

/** The filters as the address bar holds them, so a filtered list can be bookmarked and gone back to. */
export function filtersFromSearch(search: URLSearchParams): OrderFilters {
  const filters: OrderFilters = {};
  for (const name of FILTER_NAMES) {
    const value = search.get(name);
    if (value) filters[name] = value;
  }
  return filters;
}

type OrderFiltersFormProps = {
  filters: OrderFilters;
  /** Locations the caller buys for; the location filter shows only when there are some. */
  locations: readonly { id: string; name: string }[];
  onApply: (filters: OrderFilters) => void;
};

export function OrderFiltersForm({ filters, locations, onApply }: OrderFiltersFormProps) {
  const t = useMessages(ordersMessages);

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: OrderFilters = {};
    for (const name of FILTER_NAMES) {
      const value = formText(form, name);
      if (value) next[name] = value;
    }
    onApply(next);
  }

  const any = { value: '', label: t.any };
  const active = Object.keys(filters).length;
  // Folded on arrival so a phone shows the orders first; open while filters apply.
  return (
    <details className="card filters no-print" open={active > 0 || undefined}>
      <summary className="filters__summary">{active > 0 ? t.filtersActive(active) : t.filters}</summary>
      {/* Remounted when the filters change elsewhere (reset, back button) so the fields follow. */}
      <form key={JSON.stringify(filters)} onSubmit={apply} noValidate>
        <div className="field-row">
          <TextField name="from" type="date" label={t.from} defaultValue={filters.from ?? ''} />
          <TextField name="to" type="date" label={t.to} defaultValue={filters.to ?? ''} />
          <SelectField
            name="status"
            label={t.status}
            defaultValue={filters.status ?? ''}
            options={[any, ...STATUSES.map((status) => ({ value: status, label: t.statuses[status] }))]}
          />
          <SelectField
            name="channel"
            label={t.channel}
            defaultValue={filters.channel ?? ''}
            options={[any, ...CHANNELS.map((channel) => ({ value: channel, label: t.channels[channel] }))]}
          />
          {locations.length > 0 ? (
            <SelectField
              name="locationId"
              label={t.location}
              defaultValue={filters.locationId ?? ''}
              options={[any, ...locations.map((location) => ({ value: location.id, label: location.name }))]}
            />
          ) : null}
        </div>
        <div className="actions">
          <Button type="submit">{t.apply}</Button>
          {active > 0 ? (
            <Button variant="secondary" onClick={() => onApply({})}>
              {t.reset}
            </Button>
          ) : null}
        </div>
      </form>
    </details>
  );
}
