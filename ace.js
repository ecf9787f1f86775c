/*
|--------------------------------------------------------------------------
| JavaScript entrypoint for running ace commands
|--------------------------------------------------------------------------
|
| Registers the TypeScript loader (ts-node with SWC) and hands over to the
| console entrypoint written in TypeScript.
|
*/
import 'ts-node-maintained/register/esm'

await import('./bin/console.js')
