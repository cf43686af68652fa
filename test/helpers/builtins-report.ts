// Preload with `node --import <file URL of dist/test/helpers/builtins-report.js>`: when the process exits, writes
// the names of Node's own modules it loaded (process.moduleLoadList) as JSON to AZOPS_TEST_BUILTINS_FILE. It imports
// nothing itself: an ES module import of node:fs would load what the report is there to catch.
const file = process.env.AZOPS_TEST_BUILTINS_FILE;
if (file) {
  process.on('exit', () => {
    const { moduleLoadList } = process as unknown as { moduleLoadList: string[] };
    const names = moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length));
    process.getBuiltinModule('node:fs').writeFileSync(file, JSON.stringify(names));
  });
}
