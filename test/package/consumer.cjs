// A CommonJS consumer: `require` resolves @soat/sdk through the "require" condition, where
// openapi-fetch's CJS default export once broke (`import_openapi_fetch.default is not a function`).
const sdk = require('@soat/sdk');
const { main } = require('./exercise.cjs');

main(sdk, 'cjs');
