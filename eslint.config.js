// ESLint flat config: recommended rules for JS and type-aware-free TypeScript rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'test-artifacts/', 'data/', 'public/vendor/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['public/**/*.js'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        localStorage: 'readonly',
        Chart: 'readonly',
        console: 'readonly',
      },
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.js'],
    languageOptions: { globals: { process: 'readonly' } },
  },
  {
    // analysis/ is pure: nothing from the server wing (no I/O, no Express, no database).
    files: ['analysis/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', 'knex', 'express', 'node:fs', 'node:fs/*', 'pg', 'sqlite3'],
              message: 'analysis/ is pure: no server code, database or I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    // Layers: routes, services, auth and the command line never build queries. Queries live in server/data/
    // (knex also in server/db.ts and migrations/); these files may hold a Knex handle, type it, pass it on to
    // data functions, open a transaction with db.transaction(...) and close the pool with db.destroy().
    files: [
      'server/services/**/*.ts',
      'server/routes/**/*.ts',
      'server/auth/**/*.ts',
      'server/cli/**/*.ts',
      'server/demo/**/*.ts',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'knex',
              allowTypeImports: true,
              message: 'Only `import type` from knex here: put the query in a server/data/ function.',
            },
            { name: 'pg', message: 'Database drivers belong in server/db.ts and server/data/.' },
            { name: 'sqlite3', message: 'Database drivers belong in server/db.ts and server/data/.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.type='Identifier'][callee.name=/^(db|trx)$/]",
          message: 'No query building outside server/data/: call a data function (it may take this db or trx).',
        },
        {
          selector:
            "MemberExpression[object.type='Identifier'][object.name=/^(db|trx)$/][property.name!=/^(transaction|destroy)$/]",
          message:
            'Only db.transaction(...) and db.destroy() here: knex query builders, raw SQL and client details belong in server/data/.',
        },
        {
          selector:
            "CallExpression[callee.type='MemberExpression'][callee.property.name=/^(raw|whereRaw|orWhereRaw|havingRaw|joinRaw|orderByRaw|groupByRaw)$/]",
          message: 'No raw SQL outside server/data/.',
        },
      ],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
);
