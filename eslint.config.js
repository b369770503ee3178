// Lint rules: typescript-eslint's recommended set for TS, eslint-plugin-astro for .astro files,
// and for all of src (pure logic, stores, components, pages, build code) and scripts (the CLI and
// the benchmarks) the type-aware set (recommendedTypeChecked, through the TypeScript project
// service) with non-null assertions forbidden: a missing element fails by name through
// components/dom.ts `required()`, a missing value is checked or given a default.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';

const browserTs = ['src/**/*.ts', 'scripts/**/*.ts'];

export default defineConfig(
  {
    ignores: [
      'dist/',
      'dist-*/',
      '.astro/',
      '.astro-*/',
      'node_modules/',
      'test-results/',
      '*-results/',
      'playwright-report/',
    ],
  },
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: browserTs,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
    },
  },
  {
    // typescript-eslint cannot see the types of .astro modules (astro check can): re-exporting
    // components from a .ts file would read as unsafe.
    files: ['src/components/lesson/index.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    // Components' markup and scripts, and the <script> parts of pages. (Pages' frontmatter, build
    // time only, still has a few `!` and is not under this rule yet.)
    files: ['src/components/**/*.astro', 'src/pages/search.astro'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'error' },
  },
);
