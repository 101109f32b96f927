// The flooding agent of scenario 6, in its own process (as it would be on its own machine): one keep-alive
// connection, the next heartbeat sent as soon as the previous one is answered. It alternates `rounds` times an
// idle stretch and a flood of `seconds` each, saying `off` / `on` on stdout when it switches, so that the bench
// compares both under the same background load; then prints one JSON line with the answers it got.
//
//   node --import tsx bench/faults/flood-child.ts <url> <agent JSON> <seconds> <rounds>
import { agentClient, heartbeatOf, post, sleep, type Agent } from './common.ts';

const [url, agentJson, seconds, rounds] = process.argv.slice(2);
const agent = JSON.parse(agentJson!) as Agent;
const client = agentClient(url!);
const statuses: Record<string, number> = {};
let requests = 0;
for (let r = 0; r < Number(rounds); r += 1) {
  process.stdout.write('off\n');
  await sleep(Number(seconds) * 1000);
  process.stdout.write('on\n');
  const end = performance.now() + Number(seconds) * 1000;
  while (performance.now() < end) {
    const res = await post(client, agent.token, 'heartbeat', heartbeatOf(agent, 60));
    requests += 1;
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
  }
}
process.stdout.write('off\n');
await client.close();
const flooding = Number(seconds) * Number(rounds);
process.stdout.write(`${JSON.stringify({ requests, perSecond: Math.round(requests / flooding), statuses })}\n`);
