// Lint rules: typescript-eslint's recommended set, plus the few habits we rely on for safety.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

// Routes and templates never reach the database: they call services, which decide what a viewer may see,
// audit and cache in one place (issue 12). Type-only imports of row types are fine.
const LAYERING_IMPORTS = ['@typescript-eslint/no-restricted-imports', {
  patterns: [{ group: ['**/data/*', '**/data/**', 'kysely', 'better-sqlite3', 'pg'], allowTypeImports: true, message: 'Routes and templates call services (server/services/); only services use server/data/ and the database.' }],
}]
// Nor do routes decide how names are shown: a service returns case text already in the viewer's name form.
const NAME_DECISIONS = [
  { group: ['**/services/pseudonym-view.js'], importNames: ['namesFor', 'nameViewFor', 'pseudonymiserFor', 'pseudonymiseForReview', 'loadRegister', 'shownFileName'], message: 'Routes show what a service returns: the service applies the viewer\'s name rule (see analysisReads, chronology, findings).' },
  { group: ['**/redaction/pseudonymise.js'], message: 'Routes show what a service returns: the service applies the viewer\'s name rule.' },
]
const LAYERING_SYNTAX = ['no-restricted-syntax',
  { selector: "MemberExpression[object.name='ctx'][property.name='db']", message: 'Routes and templates do not touch the database: call a service with the viewer.' },
]
// Services own use cases; the SQL they need lives in server/data/ (executor first), so every query is in one layer.
const SERVICES_WITHOUT_SQL = [
  ['@typescript-eslint/no-restricted-imports', { paths: [{ name: 'kysely', allowTypeImports: true, message: 'SQL lives in server/data/: add a repository function there (executor first).' }] }],
  ['no-restricted-syntax',
    { selector: "CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)$/]", message: 'SQL lives in server/data/: add a repository function there (executor first) and call it from the service.' },
    { selector: "TaggedTemplateExpression[tag.name='sql']", message: 'SQL lives in server/data/: add a repository function there (executor first) and call it from the service.' },
  ],
]
export default tseslint.config(
  { ignores: ['node_modules/', 'public/build/', 'data/', 'coverage/', 'bench/out/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Pure domain code: no framework, database or Node I/O, and no wall clock.
    files: ['methodology/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['fastify', 'fastify*', '@fastify/*', 'kysely', 'better-sqlite3', 'node:*', 'fs', 'path', 'os', 'child_process'], message: 'methodology/ is pure domain logic: pass data in, return data out.' },
        ],
      }],
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Pass the clock in; do not read the wall clock in methodology/.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Pass the clock in; do not read the wall clock in methodology/.' },
      ],
    },
  },
  {
    // Migrations take Kysely<any>: they must not depend on today's table types.
    files: ['migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['server/cli.ts', 'server/main.ts', 'bench/**/*.ts', 'server/demo/**/*.ts', 'server/assets/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['server/assets/src/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['server/services/**/*.ts'],
    rules: Object.fromEntries(SERVICES_WITHOUT_SQL.map(([rule, ...options]) => [rule, ['error', ...options]])),
  },
  {
    files: ['server/routes/**/*.ts', 'templates/**/*.ts'],
    rules: { [LAYERING_IMPORTS[0]]: ['error', LAYERING_IMPORTS[1]], [LAYERING_SYNTAX[0]]: ['error', ...LAYERING_SYNTAX.slice(1)] },
  },
  {
    files: ['server/routes/**/*.ts'],
    rules: { [LAYERING_IMPORTS[0]]: ['error', { patterns: [...LAYERING_IMPORTS[1].patterns, ...NAME_DECISIONS] }] },
  },
)
