// check:package runs this with `node --enable-source-maps` in a project that installed the
// tarball: it prints the stack of a SoatError thrown inside @soat/sdk (the ESM build).
import { SoatClient } from '@soat/sdk';

try {
  new SoatClient({ baseUrl: 'not a url', token: 'sk_test' });
  console.error('SoatClient accepted a baseUrl that is not a URL');
  process.exit(1);
} catch (error) {
  console.log(error.stack);
}
