/**
 * The cohort desk's exports (CSV, zip of files, xAPI statements: every trainee held, whatever
 * the filters, checked again first) and the signing log panel (how many entries, whether the
 * chain holds, the audit download).
 */
import type { CourseManifest } from '../../lib/course/manifest';
import { cohortCsv, cohortStatements, cohortZip, verifiedRecords } from '../../lib/cohort/exports';
import { viewCohort } from '../../lib/cohort/model';
import { $cohort, bundlesOf } from '../../stores/cohort';
import { auditText, logStatus } from '../../stores/trainer-log';
import { $trainerKey } from '../../stores/trainer-key';
import { downloadFile } from '../download';
import { required } from '../dom';

export function exportPanel(root: HTMLElement, manifest: CourseManifest, siteUrl: string): void {
  const status = required(root, '[data-export-status]');
  const stamp = () => `${manifest.course.id}-cohort-${new Date().toISOString().slice(0, 10)}`;
  /** Every trainee held, by name: the exports cover the cohort, whatever the filters. */
  const bundles = async () => {
    const ids = viewCohort($cohort.get(), {}, 'name', manifest, Date.now()).map((t) => t.id);
    const held = await bundlesOf(ids);
    if (!held.ok) throw new Error(held.message);
    return held.value;
  };
  const records = async () => verifiedRecords(await bundles(), manifest, new Date(), siteUrl);

  const exporting = (button: string, what: string, run: () => Promise<void>) =>
    required(root, button).addEventListener('click', () => {
      status.textContent = `Preparing the ${what}…`;
      run().then(
        () => (status.textContent = `The ${what} is downloaded.`),
        (error: unknown) =>
          (status.textContent = `The ${what} could not be made: ${error instanceof Error ? error.message : String(error)}`),
      );
    });

  exporting('[data-export-csv]', 'CSV', async () =>
    downloadFile(`${stamp()}.csv`, cohortCsv(await records()), 'text/csv;charset=utf-8'),
  );
  exporting('[data-export-zip]', 'zip of files', async () => {
    const zip = cohortZip(await bundles(), manifest.course.id);
    downloadFile(`${stamp()}.zip`, zip.slice().buffer, 'application/zip');
  });
  exporting('[data-export-xapi]', 'xAPI statements', async () => {
    const statements = cohortStatements(await records(), siteUrl);
    downloadFile(`${stamp()}-xapi.json`, JSON.stringify(statements, null, 2), 'application/json');
  });
}

/** The signing log panel: how many entries, whether the chain holds, and the audit download. */
export async function signingLog(root: HTMLElement, manifest: CourseManifest): Promise<void> {
  const status = root.querySelector<HTMLElement>('[data-log-status]');
  if (!status) return;
  const log = await logStatus();
  if (!log.ok) status.textContent = log.message;
  else {
    const { records, check } = log.value;
    status.textContent = check.ok
      ? `${records} entr${records === 1 ? 'y' : 'ies'} signed on this device; the log's chain is intact.`
      : `The log is broken: ${check.message}`;
  }
  required<HTMLButtonElement>(root, '[data-log-download]').onclick = async () => {
    const key = $trainerKey.get();
    const trainer = key.status === 'locked' || key.status === 'unlocked' ? key.identity : undefined;
    const text = await auditText({ id: trainer?.trainerId ?? 'unknown', name: trainer?.name ?? 'unknown' });
    downloadFile(`${manifest.course.id}-signing-log.json`, text, 'application/json');
  };
}
