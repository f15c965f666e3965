// The layer rules of generator/ (layers.json; docs/development.md, "The map of the house"), checked by `npm run lint:layers`
// (part of `npm run lint`, which CI runs). Folders are floors, listed bottom first; a module may import its own
// floor's folder and the floors below, never a floor above, and no two modules may import each other, even
// through others. Tests, bench and scripts sit above everything and may import any module.
const { floors: FLOORS, top: TOP } = require('./layers.json');

const folder = (names) => `^generator/(${names.join('|')})/`;
const above = (i) => FLOORS.slice(i + 1).flat();

const floorRules = FLOORS.flatMap((floor, i) => [
  ...(i + 1 < FLOORS.length
    ? [
        {
          name: `no-climb-from-${floor.join('-')}`,
          comment: `generator/{${floor.join(',')}} (floor ${i}) imports only its own floor and those below`,
          severity: 'error',
          from: { path: folder(floor) },
          to: { path: [folder(above(i)), `^generator/(${TOP.join('|').replaceAll('.', '\\.')})$`] },
        },
      ]
    : []),
  ...floor.flatMap((name) =>
    floor.length > 1
      ? [
          {
            name: `no-sideways-from-${name}`,
            comment: `generator/${name} does not import the other folders of its floor (${floor.join(', ')})`,
            severity: 'error',
            from: { path: `^generator/${name}/` },
            to: { path: folder(floor.filter((other) => other !== name)) },
          },
        ]
      : [],
  ),
]);

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'no module imports itself through others',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'diagnostics-import-nothing',
      comment: 'generator/diagnostics/ is the ground floor: it imports nothing of gwtopo outside itself',
      severity: 'error',
      from: { path: '^generator/diagnostics/' },
      to: { path: '^generator/', pathNot: '^generator/diagnostics/' },
    },
    {
      name: 'generator-imports-no-tests',
      comment: 'the product never imports tests, bench or scripts',
      severity: 'error',
      from: { path: '^generator/' },
      to: { path: '^(test|bench|scripts|ci)/' },
    },
    {
      name: 'only-known-folders',
      comment: 'every module of generator/ lives on a floor (add a new folder to FLOORS, in its place)',
      severity: 'error',
      from: { path: '^generator/', pathNot: [folder(FLOORS.flat()), `^generator/(${TOP.join('|').replaceAll('.', '\\.')})$`] },
      to: {},
    },
    ...floorRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
