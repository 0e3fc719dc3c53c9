import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Alert } from '../../../../ui/alert';
import { describeFailure, formText } from '../../../../ui/form-outcome';
import { Button, TextField } from '../../../../ui/forms';
import { useMessages } from '../../../../ui/i18n';
import { findCompanies, mergeCompany, type CompanySearchItem, type MergeReport, type StaffCompany } from '../../api/companies';
import { common } from '../../common.messages';
import { useSessionFailure } from '../../staff-session';
import { companyMessages } from './company.messages';

/**
 * "Merge into another company": find the company to keep (GET /api/staff/companies?q=), see
 * what moves, confirm. The page reloads afterwards and shows this company as merged.
 */
export function CompanyMergeSection({ company, onMerged }: { company: StaffCompany; onMerged: (report: MergeReport) => void }) {
  const c = useMessages(common);
  const t = useMessages(companyMessages);
  const onSessionFailure = useSessionFailure();
  const [results, setResults] = useState<CompanySearchItem[] | null>(null);
  const [target, setTarget] = useState<CompanySearchItem | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLDivElement>(null);

  // The confirmation replaces the results: the keyboard goes to it.
  useEffect(() => {
    if (target) confirmRef.current?.focus();
  }, [target]);

  async function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const q = formText(new FormData(event.currentTarget), 'q');
    setTarget(null);
    setFailure(null);
    if (!q) return;
    setBusy(true);
    const result = await findCompanies(q);
    setBusy(false);
    if (result.ok) setResults(result.data.items.filter((item) => item.id !== company.id && item.status === 'active'));
    else if (!onSessionFailure(result)) setFailure(describeFailure(result, c));
  }

  async function merge() {
    if (!target || busy) return;
    setBusy(true);
    const result = await mergeCompany(company.id, target.id);
    setBusy(false);
    if (result.ok) return onMerged(result.data);
    if (onSessionFailure(result)) return;
    setFailure(result.problem.code === 'company_merged' ? t.companyMerged : describeFailure(result, c));
  }

  const moving = company.counts;
  return (
    <section className="card" aria-labelledby="company-merge">
      <h2 id="company-merge">{t.merge}</h2>
      <p className="muted">{t.mergeIntro}</p>
      <Alert>{failure}</Alert>
      <form role="search" noValidate onSubmit={search} className="company-merge__search">
        <TextField label={t.searchLabel} hint={t.searchHint} name="q" type="search" autoComplete="off" spellCheck={false} />
        <div className="actions">
          <Button type="submit" variant="secondary" busy={busy && !target}>
            {t.search}
          </Button>
        </div>
      </form>
      <div aria-live="polite">
        {results && !target ? (
          <>
            <p>{t.results(results.length)}</p>
            {results.length > 0 ? (
              <ul className="item-list">
                {results.map((item) => (
                  <li key={item.id} className="company-merge__result">
                    <span>
                      <strong>{item.name}</strong>{' '}
                      <span className="muted">
                        {[item.siret, item.vatNumber, item.country].filter(Boolean).join(' · ')} — {t.resultMeta(item.memberCount, item.locationCount)}
                      </span>
                    </span>
                    <Button variant="secondary" aria-label={t.chooseOf(item.name)} onClick={() => setTarget(item)}>
                      {t.choose}
                    </Button>
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}
      </div>
      {target ? (
        <div className="row-control--confirm company-merge__confirm" ref={confirmRef} tabIndex={-1} aria-labelledby="company-merge-confirm">
          <h3 id="company-merge-confirm">{t.confirmMergeTitle}</h3>
          <p>{t.confirmMerge(company.name, target.name)}</p>
          <ul>
            <li>{t.counts(moving)}</li>
          </ul>
          <div className="actions">
            <Button variant="danger" busy={busy} onClick={() => void merge()}>
              {t.confirmMergeButton}
            </Button>
            <Button variant="secondary" onClick={() => setTarget(null)}>
              {t.cancel}
            </Button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
