// Mocha entry point loaded by the extension host through `extensionTestsPath`.
import Mocha from 'mocha';
import { extensionTests } from './extension.test';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000 });
  mocha.suite.emit('pre-require', globalThis, 'extension.test', mocha);
  extensionTests();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} extension tests failed`)) : resolve()));
  });
}
