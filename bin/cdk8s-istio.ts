#!/usr/bin/env node
import { main } from '../lib/cli';

main(process.argv.slice(2)).then((status) => { process.exitCode = status; });
