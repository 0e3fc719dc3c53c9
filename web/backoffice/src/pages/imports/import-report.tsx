import { useMessages } from '../../../../ui/i18n';
import type { ImportReport } from '../../api/imports';
import { importsMessages } from './imports.messages';

/** The dry run's counts: what the page's live region announces. */
export function ImportReportSummary({ report }: { report: ImportReport }) {
  const t = useMessages(importsMessages);
  return (
    <div className="import-report">
      <h3>{t.reportTitle}</h3>
      <p>{report.rows === 0 ? t.emptyFile : t.summary(report.rows, report.valid)}</p>
      {report.rows > 0 ? (
        <ul>
          <li>{t.wouldCreate(report.wouldCreate)}</li>
          <li>{t.wouldUpdate(report.wouldUpdate)}</li>
          <li>{t.wouldLeaveUnchanged(report.wouldLeaveUnchanged)}</li>
        </ul>
      ) : null}
      {report.invalidCount === 0 && report.rows > 0 ? <p>{t.noInvalid}</p> : null}
      {report.invalidCount > 0 ? <p className="import-report__invalid">{t.invalidIntro(report.invalidCount)}</p> : null}
      {report.invalidTruncated ? <p>{t.truncated(report.invalid.length)}</p> : null}
    </div>
  );
}

/** One table row per bad cell: line of the file, column, reason. Outside the live region: read on demand. */
export function InvalidLinesTable({ report }: { report: ImportReport }) {
  const t = useMessages(importsMessages);
  const cells = report.invalid.flatMap((line) => line.errors.map((error, index) => ({ key: `${line.line}-${index}`, line: line.line, ...error })));
  if (cells.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="data-table">
        <caption className="visually-hidden">{t.reportTitle}</caption>
        <thead>
          <tr>
            <th scope="col">{t.columns.line}</th>
            <th scope="col">{t.columns.field}</th>
            <th scope="col">{t.columns.reason}</th>
          </tr>
        </thead>
        <tbody>
          {cells.map((cell) => (
            <tr key={cell.key}>
              <td>{cell.line}</td>
              <td>{cell.field}</td>
              <td>{t.reasons[cell.code] ?? cell.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
