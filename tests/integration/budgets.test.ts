/**
 * JavaScript budgets, measured on a real build. The sample course gives every lesson a quiz,
 * so this builds a copy with one quiz file removed to measure a lesson page without a quiz.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { buildCopy, type CopyBuild } from './project-copy';
import { pageJsWeight } from '../js-weight';
import { jsBudgets } from '../budgets';

let build: CopyBuild;

beforeAll(() => {
  build = buildCopy((content) => rmSync(path.join(content, 'quizzes/continued-practice.yaml')), { keep: true });
  if (build.status !== 0) throw new Error(`build failed:\n${build.output}`);
}, 180_000);
afterAll(() => build?.cleanup());

describe('JavaScript shipped per page (gzipped, with every imported chunk)', () => {
  it(`a lesson page without a quiz stays within ${jsBudgets.lesson} bytes`, () => {
    const weight = pageJsWeight(build.dist, 'lessons/continued-practice/index.html');
    expect(weight.files.some((f) => f.includes('Quiz'))).toBe(false);
    expect(weight.gzip).toBeGreaterThan(0); // it does track progress, so something ships
    expect(weight.gzip).toBeLessThanOrEqual(jsBudgets.lesson);
    expect(weight.inlineScripts).toBe(0);
  });

  it(`a lesson page with a quiz stays within ${jsBudgets.lessonWithQuiz} bytes`, () => {
    const weight = pageJsWeight(build.dist, 'lessons/processing-a-return/index.html');
    expect(weight.files.some((f) => f.includes('Quiz'))).toBe(true);
    expect(weight.gzip).toBeLessThanOrEqual(jsBudgets.lessonWithQuiz);
    expect(weight.inlineScripts).toBe(0);
  });

  it('the build warns about the lesson left without a quiz, and still succeeds', () => {
    expect(build.output).toContain('continued-practice');
    expect(build.output).toContain('this lesson has no quiz');
  });
});
