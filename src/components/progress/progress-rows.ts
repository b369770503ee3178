/**
 * My progress lists every lesson. Sending each row as HTML repeated the lesson's id, title and
 * quiz hash, which the page's course manifest already carries: at 1,200 lessons the rows were
 * 490 KB of the page's 924 KB. The page now sends each module's lesson ids only
 * (`<tbody data-lessons="id id …">`), and this builds the rows from the manifest, before
 * progress-page.ts (imported after this file) fills them in. The rows are the same as the ones
 * the server used to send; without JavaScript the table is hidden either way.
 */
import { withBase } from '../../lib/paths';
import { readManifest } from '../../stores/manifest';

const manifest = readManifest();
const base = import.meta.env.BASE_URL;

function cell(name: string, text = ''): HTMLTableCellElement {
  const td = document.createElement('td');
  td.dataset.cell = name;
  td.textContent = text;
  return td;
}

for (const body of document.querySelectorAll<HTMLTableSectionElement>('tbody[data-lessons]')) {
  const rows = (body.dataset.lessons ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => {
      const title = manifest.lessons[id]?.title ?? id;
      const hash = manifest.quizzes[id]?.hash;
      const row = document.createElement('tr');
      row.dataset.lesson = id;
      if (hash) row.dataset.hash = hash;
      row.dataset.title = title;
      const th = document.createElement('th');
      th.scope = 'row';
      const link = document.createElement('a');
      link.href = withBase(base, `lessons/${id}/`);
      link.textContent = title;
      th.append(link);
      row.append(th, cell('read'), cell('quiz', hash ? '' : 'No quiz'), cell('completed'));
      return row;
    });
  body.replaceChildren(...rows);
}
