/**
 * <tandem-cohort>: the trainer's cohort desk (src/pages/trainer/cohort.astro). Imports trainees'
 * signed progress bundles, shows trainees × skills with each step's state, a trainee's full
 * history, and exports the cohort. This file only wires the page's parts, one module each:
 * import-panel (files, drop, link), trainee-grid (filters, requests, the table), trainee-detail,
 * export-panel (cohort exports and the signing log). Everything people typed is set as text.
 */
import { readManifest, siteUrl } from '../../stores/manifest';
import { loadTrainerKey } from '../../stores/trainer-key';
import { $cohortStatus, loadCohort } from '../../stores/cohort';
import { required } from '../dom';
import { importPanel } from './import-panel';
import { traineeGrid } from './trainee-grid';
import { glancePanel } from './glance-panel';
import { traineeDetail } from './trainee-detail';
import { exportPanel, signingLog } from './export-panel';

class TandemCohort extends HTMLElement {
  connectedCallback(): void {
    const manifest = readManifest();
    void loadTrainerKey();
    void signingLog(this, manifest);
    const detail = traineeDetail(this, manifest, this.dataset.signUrl ?? '../sign/');
    const grid = traineeGrid(this, manifest, (id) => void detail.show(id));
    glancePanel(this, manifest, (skill, stage) => grid.showStage(skill, stage));
    importPanel(this, manifest);
    exportPanel(this, manifest, siteUrl());
    const storage = required(this, '[data-storage]');
    $cohortStatus.subscribe((status) => (storage.hidden = status !== 'unavailable'));
    void loadCohort();
  }
}

customElements.define('tandem-cohort', TandemCohort);
