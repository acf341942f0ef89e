import { splitActivities } from './src/understand/activities.js';
import { prepareText } from './src/understand/text.js';
import { loadPlanFile } from './src/plan/load.js';
import { parseShanghai } from './src/core/time.js';
const plan = loadPlanFile('data/plans/2021.json');
const ctx = { plan, now: parseShanghai('2021-03-05T10:00')! };
const s = prepareText('本周小结：\n1. 公众号发布3期；\n2. 科普宣传品（科普挂历）制作发放150份。');
console.log(JSON.stringify(s), JSON.stringify(splitActivities(s, ctx, '2021-03-05')));
