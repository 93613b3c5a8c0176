// An ES module consumer: `import` resolves @soat/sdk through the "import" condition.
import * as sdk from '@soat/sdk';
import exercise from './exercise.cjs';

await exercise.main(sdk, 'esm');
