/**
 * Size budgets (scripts/bench/budgets.ts), measured on a real build of every page type. The sample
 * course gives every lesson a quiz, so this builds a copy with one quiz file removed to measure
 * a lesson page without a quiz.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { buildCopy, type CopyBuild } from './project-copy';
import { pageJsWeight, pageTotalWeight } from '../../scripts/bench/page-weight';
import { jsBudgets, pageBudgets, pageTypes, type PageType } from '../../scripts/bench/budgets';

let build: CopyBuild;

beforeAll(() => {
  build = buildCopy((content) => rmSync(path.join(content, 'quizzes/continued-practice.yaml')), { keep: true });
  if (build.status !== 0) throw new Error(`build failed:\n${build.output}`);
}, 180_000);
afterAll(() => build?.cleanup());

const types = Object.keys(pageTypes) as PageType[];

describe('JavaScript shipped per page type (gzipped, with every imported chunk)', () => {
  it.each(types)('%s page stays within its budget, with no inline script', (type) => {
    const weight = pageJsWeight(build.dist, pageTypes[type]);
    expect(weight.gzip).toBeGreaterThan(0);
    expect(weight.gzip, `${type}: ${weight.gzip} B of JavaScript (budget ${jsBudgets[type]} B)`).toBeLessThanOrEqual(
      jsBudgets[type],
    );
    expect(weight.inlineScripts).toBe(0);
  });

  it('a lesson without a quiz loads no quiz code; a lesson with one does', () => {
    expect(pageJsWeight(build.dist, pageTypes.lesson).files.some((f) => f.includes('Quiz'))).toBe(false);
    expect(pageJsWeight(build.dist, pageTypes.lessonWithQuiz).files.some((f) => f.includes('Quiz'))).toBe(true);
  });

  it('the build warns about the lesson left without a quiz, and still succeeds', () => {
    expect(build.output).toContain('continued-practice');
    expect(build.output).toContain('this lesson has no quiz');
  });
});

describe('total weight of each page type’s first view (HTML, CSS, JavaScript, images; gzipped)', () => {
  it.each(types)('%s page stays within its budget', (type) => {
    const weight = pageTotalWeight(build.dist, pageTypes[type]);
    expect(weight.html).toBeGreaterThan(0);
    expect(weight.css).toBeGreaterThan(0);
    expect(
      weight.total,
      `${type}: ${weight.total} B (html ${weight.html}, css ${weight.css}, js ${weight.js}, other ${weight.other}; budget ${pageBudgets[type]} B)`,
    ).toBeLessThanOrEqual(pageBudgets[type]);
  });
});
