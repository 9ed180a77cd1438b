#!/usr/bin/env node
import { main } from '../lib/cli';
import { mark } from '../lib/timing';

mark('main');
main(process.argv.slice(2)).then((status) => { process.exitCode = status; });
