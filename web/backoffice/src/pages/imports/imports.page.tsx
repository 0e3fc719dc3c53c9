import { useState, type FormEvent } from 'react';
import { Alert } from '../../../../ui/alert';
import { describeFailure, type Failure } from '../../../../ui/form-outcome';
import { Button, SelectField, TextField } from '../../../../ui/forms';
import { useMessages } from '../../../../ui/i18n';
import { PageHeading } from '../../../../ui/layout';
import {
  checkCustomersFile,
  COMPANIES_EXPORT_URL,
  CUSTOMERS_EXPORT_URL,
  importCustomersFile,
  type ImportFormat,
  type ImportProblem,
  type ImportReport,
  type ImportResult,
} from '../../api/imports';
import { common } from '../../common.messages';
import { can, useSessionFailure, useStaffSession } from '../../staff-session';
import { ImportReportSummary, InvalidLinesTable } from './import-report';
import { importsMessages } from './imports.messages';
import { marketLabel, useMarkets } from '../../api/markets';
import { useMarketWords } from '../markets/market-parts';

/** F6.5: check a customers file (dry run), import it when no line is bad; download the exports. */
export function ImportsPage() {
  const t = useMessages(importsMessages);
  const { me } = useStaffSession();
  const canImport = can(me, 'imports.run');
  const canExport = can(me, 'exports.run');
  return (
    <>
      <PageHeading>{t.title}</PageHeading>
      {canImport ? <CustomerImportSection /> : null}
      {canExport ? (
        <section className="card" aria-labelledby="exports-title">
          <h2 id="exports-title">{t.exportTitle}</h2>
          <p>{t.exportIntro}</p>
          <ul className="exports-links">
            <li>
              <a href={CUSTOMERS_EXPORT_URL} download>
                {t.exportCustomers}
              </a>
            </li>
            <li>
              <a href={COMPANIES_EXPORT_URL} download>
                {t.exportCompanies}
              </a>
            </li>
          </ul>
        </section>
      ) : null}
      {!canImport && !canExport ? <p>{t.nothingAllowed}</p> : null}
    </>
  );
}

function CustomerImportSection() {
  const c = useMessages(common);
  const t = useMessages(importsMessages);
  const onSessionFailure = useSessionFailure();
  const [format, setFormat] = useState<ImportFormat>('shopify');
  const { me } = useStaffSession();
  const markets = useMarkets(me.marketIds);
  const w = useMarketWords();
  const [picked, setPicked] = useState('');
  // The market asked for, else the default one (or a limited member's first): never one they do not work in.
  const marketId = picked || ((markets.workable.find((market) => market.isDefault) ?? markets.workable[0])?.id ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>(undefined);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);

  // Any change of file or format voids what was checked: the import needs a fresh check.
  const reset = () => {
    setReport(null);
    setResult(null);
    setFailure(null);
  };

  const describe = (outcome: Failure): string => {
    const code = outcome.problem.code as keyof typeof t.fileErrors;
    if (code === 'invalid_csv') return t.fileErrors.invalid_csv(outcome.problem.detail ?? '');
    if (code in t.fileErrors) return t.fileErrors[code] as string;
    return describeFailure(outcome, c);
  };

  const onFailure = (outcome: Failure) => {
    if (onSessionFailure(outcome)) return;
    const refused = (outcome.problem as ImportProblem).report;
    if (outcome.status === 422 && refused) setReport(refused);
    else setFailure(describe(outcome));
  };

  const onCheck = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    reset();
    if (!file) {
      setFileError(t.fileRequired);
      return;
    }
    setBusy('check');
    const outcome = await checkCustomersFile(file, format, marketId);
    setBusy(null);
    if (outcome.ok) setReport(outcome.data);
    else onFailure(outcome);
  };

  const onImport = async () => {
    if (!file || !report) return;
    setBusy('import');
    const outcome = await importCustomersFile(file, format, marketId);
    setBusy(null);
    if (outcome.ok) {
      setReport(null);
      setResult(outcome.data);
    } else {
      onFailure(outcome);
    }
  };

  const importable = report !== null && report.invalidCount === 0 && report.valid > 0;
  return (
    <section className="card" aria-labelledby="import-title">
      <h2 id="import-title">{t.importTitle}</h2>
      <p>{t.importIntro}</p>
      <form className="import-form" onSubmit={onCheck} noValidate>
        {markets.workable.length > 1 ? (
          <SelectField
            label={w.market}
            name="marketId"
            value={marketId}
            options={markets.workable.map((market) => ({ value: market.id, label: marketLabel(market) }))}
            onChange={(event) => {
              setPicked(event.target.value);
              reset();
            }}
          />
        ) : null}
        <SelectField
          label={t.formatLabel}
          name="format"
          value={format}
          options={[
            { value: 'shopify', label: t.formats.shopify },
            { value: 'comptoir', label: t.formats.comptoir },
          ]}
          onChange={(event) => {
            setFormat(event.target.value as ImportFormat);
            reset();
          }}
        />
        <TextField
          label={t.fileLabel}
          name="file"
          type="file"
          accept=".csv,text/csv"
          hint={t.fileHint}
          error={fileError}
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            setFileError(undefined);
            reset();
          }}
        />
        <Button type="submit" busy={busy === 'check'}>
          {busy === 'check' ? t.checking : t.check}
        </Button>
      </form>
      <Alert>{failure}</Alert>
      <div aria-live="polite">
        {report ? <ImportReportSummary report={report} /> : null}
        {result ? (
          <div className="import-result">
            <h3>{t.resultTitle}</h3>
            <p>{t.result(result)}</p>
            <p>{t.resultDetails(result)}</p>
          </div>
        ) : null}
      </div>
      {report ? <InvalidLinesTable report={report} /> : null}
      {/* Shown only when the whole file can go in: a greyed "Import 1 customer" next to errors reads as a promise. */}
      {importable ? (
        <Button onClick={() => void onImport()} busy={busy === 'import'}>
          {busy === 'import' ? t.importing : t.importButton(report.valid)}
        </Button>
      ) : null}
    </section>
  );
}
