// Lint rules: typescript-eslint's recommended set for TS, eslint-plugin-astro for .astro files,
// and for the browser code (src/components, src/pages, src/stores) the type-aware set
// (recommendedTypeChecked, through the TypeScript project service) with non-null assertions
// forbidden: a missing element fails by name through components/dom.ts `required()` instead.
// src/lib, src/site, src/integrations and scripts are not under the type-aware rules yet
// (issue 12: they still have violations, fixed by their owners before the scope widens).
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';

const browserTs = ['src/components/**/*.ts', 'src/pages/**/*.ts', 'src/stores/**/*.ts'];

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
