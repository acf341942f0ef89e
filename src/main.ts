import './cli/closed-pipe.js';
import { main } from './app.js';

await main('start');
