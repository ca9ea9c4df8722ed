// ESLint flat config: typescript-eslint's type-checked rules on everything we write, and the
// layers of src/ (api → core → vscode → extension.ts): a layer imports only from the layers
// before it, so src/api and src/core run and test without VS Code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// What one layer may not import, as import-string regexes (relative paths: the layers import each
// other only that way).
const VSCODE = { regex: '^vscode$', message: 'src/api and src/core run without VS Code: no vscode import, not even a type.' };
const CORE = { regex: '^\\.{1,2}/(.*/)?core(/|$)', message: 'src/api is the bottom layer: it imports nothing from src/core.' };
const VSCODE_DIR = { regex: '^\\.{1,2}/(.*/)?vscode(/|$)', message: 'src/vscode sits above src/api and src/core: they import nothing from it.' };
const EXTENSION = { regex: '^\\.{1,2}/(.*/)?extension(\\.[cm]?[jt]s)?$', message: 'src/extension.ts is the entry point: nothing in src imports it.' };

/**
 * The rules for one layer. no-restricted-imports covers `import`, `import type`, `export … from`
 * and `import x = require()`; no-restricted-syntax covers the forms it does not see: `require()`,
 * `import()` and `typeof import()` in types. (A later config's options replace an earlier one's,
 * so each layer lists all it may not import.)
 */
function layer(files, forbidden) {
  // esquery regexes cannot hold a slash: \x2F stands for it.
  const selectorRegex = (rule) => `/${rule.regex.replaceAll('/', '\\x2F')}/`;
  return {
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: forbidden.map((rule) => ({ regex: rule.regex, caseSensitive: true, message: rule.message })) },
      ],
      'no-restricted-syntax': [
        'error',
        ...forbidden.flatMap((rule) => {
          const re = selectorRegex(rule);
          return [
            { selector: `ImportExpression[source.value=${re}]`, message: rule.message },
            { selector: `TSImportType[argument.literal.value=${re}]`, message: rule.message },
            { selector: `CallExpression[callee.name='require'][arguments.0.value=${re}]`, message: rule.message },
          ];
        }),
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', '.cache/**', '.vscode-test/**', 'node_modules/**', '**/*.mjs', '**/*.js', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'smart'],
      curly: ['error', 'multi-line'],
    },
  },
  layer(['src/api/**/*.ts'], [VSCODE, CORE, VSCODE_DIR, EXTENSION]),
  layer(['src/core/**/*.ts'], [VSCODE, VSCODE_DIR, EXTENSION]),
  layer(['src/vscode/**/*.ts'], [EXTENSION]),
  {
    // Tests use chai-less `assert` and mocha's `this`; floating promises in tests are real bugs too.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
