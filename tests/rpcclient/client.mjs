// Drives an aria2 JSON-RPC daemon (aria2c or gather --headless --enable-rpc) with the `aria2`
// client library from the npm registry, the way a web front end or a script would: over
// WebSocket with the secret, waiting for notifications, never sleeping a fixed time.
// run.py starts the daemon and the file server and passes everything in RPCCLIENT_CONFIG (a JSON
// file); this prints one line per check and exits 1 on the first failure.
import Aria2 from "aria2";
import { readFileSync } from "node:fs";

const config = JSON.parse(readFileSync(process.env.RPCCLIENT_CONFIG, "utf8"));
const NOTIFICATIONS = ["onDownloadStart", "onDownloadPause", "onDownloadStop", "onDownloadComplete",
                       "onDownloadError"];
const GID = /^[0-9a-f]{16}$/;
const started = Date.now();

function fail(message) {
    console.log(`FAIL client.mjs: ${message}`);
    process.exit(1);
}

function ok(condition, message) {
    if (!condition) fail(message);
    console.log(`ok   client.mjs: ${message} [${((Date.now() - started) / 1000).toFixed(2)} s]`);
}

const show = (value) => JSON.stringify(value);

// Every notification as it came: {name, gid}. Waiters are woken by each one; what they still
// wait for is named when the global deadline fails the run.
const events = [];
const waiters = new Set();
const deadline = setTimeout(() => {
    const pending = [...waiters].map((w) => w.what).join("; ") || "an answer from the daemon";
    fail(`global deadline of ${config.deadlineMs} ms passed while waiting for ${pending}; ` +
         `notifications so far: ${show(events)}`);
}, config.deadlineMs);

function waitFor(what, predicate) {
    const found = events.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => waiters.add({ what, predicate, resolve }));
}

function record(name, params) {
    const gid = Array.isArray(params) && params[0] ? params[0].gid : undefined;
    const event = { name, gid, index: events.length };
    events.push(event);
    if (name === "onDownloadError") {
        // Nothing here expects an error: say which download failed and why, at once.
        aria2.call("tellStatus", gid, ["errorCode", "errorMessage", "files"])
            .then((s) => fail(`onDownloadError for ${gid}: ${show(s)}`), () => fail(`onDownloadError for ${gid}`));
    }
    for (const waiter of [...waiters]) {
        if (waiter.predicate(event)) {
            waiters.delete(waiter);
            waiter.resolve(event);
        }
    }
}

const namesFor = (gid) => events.filter((e) => e.gid === gid).map((e) => e.name);

// Polls a condition the daemon offers no notification for (bytes arriving), bounded by the deadline.
async function until(what, probe) {
    const waiter = { what };
    waiters.add(waiter);
    try {
        for (;;) {
            const value = await probe();
            if (value) return value;
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
    } finally {
        waiters.delete(waiter);
    }
}

async function rejection(promise) {
    try {
        const result = await promise;
        return { result };
    } catch (error) {
        return { error };
    }
}

const aria2 = new Aria2({ host: config.host, port: config.port, secure: false, secret: config.secret,
                          path: "/jsonrpc" });
for (const name of NOTIFICATIONS) aria2.on(name, (params) => record(name, params));
aria2.on("error", (error) => fail(`the client library reported an error: ${error && (error.message || error)}`));

async function main() {
    await aria2.open();
    ok(aria2.socket && aria2.socket.readyState === 1, `WebSocket open to ws://${config.host}:${config.port}/jsonrpc`);

    const version = await aria2.call("getVersion");
    ok(typeof version.version === "string" && Array.isArray(version.enabledFeatures),
       `getVersion: version ${show(version.version)}, enabledFeatures an array`);

    // A wrong secret is refused, over plain HTTP and over a WebSocket of its own, and no secret
    // too. Asked now, judged at the end: aria2c holds back each refusal for seconds (against
    // guessing), time the downloads below can use.
    const overSocket = new Aria2({ host: config.host, port: config.port, secret: "wrong" });
    await overSocket.open();
    const refusals = Promise.all([
        rejection(new Aria2({ host: config.host, port: config.port, secret: "wrong" }).call("getVersion")),
        rejection(overSocket.call("tellActive")),
        rejection(new Aria2({ host: config.host, port: config.port }).call("getGlobalStat")),
    ]).finally(() => overSocket.close());

    const notifications = await aria2.listNotifications();
    ok(NOTIFICATIONS.every((n) => notifications.includes(n)),
       `system.listNotifications names the five download notifications: ${show(notifications)}`);
    const methods = await aria2.listMethods();
    const used = ["addUri", "tellStatus", "pause", "unpause", "tellActive", "tellWaiting", "tellStopped",
                  "getGlobalStat", "getVersion", "shutdown", "system.multicall"];
    ok(used.every((m) => methods.includes(m)), `system.listMethods names every method this client calls`);

    // Several downloads at once, with dir, out, header, user-agent and checksum options.
    const gids = await Promise.all(config.downloads.map((d) =>
        aria2.call("addUri", [d.url], d.options)));
    gids.forEach((gid, i) => ok(GID.test(gid), `addUri ${config.downloads[i].key}: GID ${gid} is 16 hex digits`));
    ok(new Set(gids).size === gids.length, "addUri: every GID differs");

    await Promise.all(gids.map((gid, i) => waitFor(`onDownloadComplete of ${config.downloads[i].key} (${gid})`,
                                                   (e) => e.name === "onDownloadComplete" && e.gid === gid)));
    for (const [i, gid] of gids.entries()) {
        const d = config.downloads[i];
        const seen = namesFor(gid);
        ok(seen[0] === "onDownloadStart" && seen.at(-1) === "onDownloadComplete" &&
           !seen.includes("onDownloadError"),
           `${d.key}: notifications onDownloadStart ... onDownloadComplete: ${show(seen)}`);
        await checkComplete(gid, d);
    }

    const filtered = await aria2.call("tellStatus", gids[0], ["gid", "status", "totalLength"]);
    ok(show(Object.keys(filtered).sort()) === show(["gid", "status", "totalLength"]) && filtered.gid === gids[0]
       && filtered.status === "complete",
       `tellStatus with keys [gid, status, totalLength] answers only those: ${show(filtered)}`);

    const slowGid = await pauseAndResume(config.slow);
    const all = [...gids, slowGid];

    const stat = await aria2.call("getGlobalStat");
    ok(stat.numActive === "0" && stat.numWaiting === "0" && stat.numStopped === String(all.length) &&
       stat.numStoppedTotal === String(all.length) && typeof stat.downloadSpeed === "string",
       `getGlobalStat (numbers as strings): ${show(stat)}`);

    const stopped = await aria2.call("tellStopped", 0, 10, ["gid", "status"]);
    ok(Array.isArray(stopped) && stopped.length === all.length &&
       show(stopped.map((s) => s.gid).sort()) === show([...all].sort()) &&
       stopped.every((s) => s.status === "complete" && Object.keys(s).length === 2),
       `tellStopped(0, 10, [gid, status]) lists the ${all.length} downloads, all complete`);
    const active = await aria2.call("tellActive", ["gid"]);
    const waiting = await aria2.call("tellWaiting", 0, 10, ["gid"]);
    ok(Array.isArray(active) && active.length === 0 && Array.isArray(waiting) && waiting.length === 0,
       "tellActive and tellWaiting are empty arrays");

    // system.multicall: one result per call, each wrapped in an array; a failing call is a
    // {code, message} object in its place, the others still answered.
    const multi = await aria2.multicall([["tellStatus", gids[1], ["status", "dir"]], ["getVersion"],
                                         ["tellStatus", "ffffffffffffffff"]]);
    ok(Array.isArray(multi) && multi.length === 3 &&
       Array.isArray(multi[0]) && multi[0][0].status === "complete" && multi[0][0].dir === config.downloads[1].dir &&
       Array.isArray(multi[1]) && multi[1][0].version === version.version &&
       !Array.isArray(multi[2]) && multi[2].code === 1 && typeof multi[2].message === "string",
       `system.multicall: [[status], [version], {code: 1, message}]: ${show(multi)}`);

    // A JSON-RPC batch (an array of requests) in one WebSocket message.
    const batch = await Promise.all(await aria2.batch([["getGlobalStat"], ["tellStatus", slowGid, ["gid"]]]));
    ok(batch.length === 2 && batch[0].numStopped === String(all.length) && batch[1].gid === slowGid,
       `JSON-RPC batch of two calls: ${show(batch)}`);

    const unknown = await rejection(aria2.call("tellStatus", "ffffffffffffffff"));
    ok(unknown.error && unknown.error.code === 1 && /not found/i.test(unknown.error.message),
       `tellStatus of an unknown GID is error 1: ${show(unknown.error && unknown.error.message)}`);
    const badGid = await rejection(aria2.call("pause", "not-a-gid"));
    ok(badGid.error && badGid.error.code === 1, `pause of a malformed GID is error 1: ${show(badGid.error && badGid.error.message)}`);

    const [httpWrong, socketWrong, noSecret] = await refusals;
    const refused = (r) => r.error && r.error.code === 1 && r.error.message === "Unauthorized";
    const what = (r) => show(r.error ? [r.error.code, r.error.message] : r.result);
    ok(refused(httpWrong), `a wrong secret over HTTP is refused: ${what(httpWrong)}`);
    ok(refused(socketWrong), `a wrong secret over WebSocket is refused: ${what(socketWrong)}`);
    ok(refused(noSecret), `a call without a secret is refused: ${what(noSecret)}`);

    const closed = new Promise((resolve) => aria2.once("close", resolve));
    waiters.add({ what: "the daemon to close the WebSocket after aria2.shutdown" });
    ok((await aria2.call("shutdown")) === "OK", `aria2.shutdown answers "OK"`);
    await closed;
    ok(true, "the daemon closed the WebSocket after shutdown");
    clearTimeout(deadline);
    console.log(`PASS client.mjs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function checkComplete(gid, d) {
    const s = await aria2.call("tellStatus", gid);
    const size = String(d.size);
    ok(s.gid === gid && s.status === "complete" && s.totalLength === size && s.completedLength === size &&
       s.errorCode === "0" && s.dir === d.dir,
       `${d.key}: tellStatus status "complete", totalLength = completedLength = "${size}", errorCode "0", dir`);
    const file = Array.isArray(s.files) && s.files.length === 1 ? s.files[0] : {};
    ok(file.path === d.path && file.length === size && file.completedLength === size && file.selected === "true" &&
       Array.isArray(file.uris) && file.uris.some((u) => u.uri === d.url),
       `${d.key}: tellStatus files[0]: path ${show(file.path)}, length, selected "true", uris has the URL`);
}

// The throttled download: paused once bytes arrived, then unpaused and complete.
async function pauseAndResume(d) {
    const gid = await aria2.call("addUri", [d.url], d.options);
    ok(GID.test(gid), `addUri ${d.key} (throttled): GID ${gid}`);
    await waitFor(`onDownloadStart of ${d.key}`, (e) => e.name === "onDownloadStart" && e.gid === gid);
    const moving = await until(`${d.key} to have bytes`, async () => {
        const s = await aria2.call("tellStatus", gid, ["status", "completedLength", "totalLength"]);
        return s.status === "active" && Number(s.completedLength) > 0 ? s : null;
    });
    ok(moving.totalLength === String(d.size), `${d.key}: active with ${moving.completedLength} of ${moving.totalLength} bytes`);

    const before = events.length;
    ok((await aria2.call("pause", gid)) === gid, `pause answers the GID`);
    await waitFor(`onDownloadPause of ${d.key}`, (e) => e.name === "onDownloadPause" && e.gid === gid);
    const paused = await aria2.call("tellStatus", gid);
    ok(paused.status === "paused" && Number(paused.completedLength) > 0 &&
       Number(paused.completedLength) < d.size && paused.totalLength === String(d.size),
       `${d.key}: tellStatus "paused" part-way, ${paused.completedLength} of ${paused.totalLength}`);
    const waiting = await aria2.call("tellWaiting", 0, 10, ["gid", "status"]);
    ok(waiting.some((w) => w.gid === gid && w.status === "paused"), `tellWaiting lists the paused download`);
    const active = await aria2.call("tellActive", ["gid"]);
    ok(!active.some((a) => a.gid === gid), `tellActive does not`);
    ok(!events.slice(before).some((e) => e.gid === gid && e.name !== "onDownloadPause"),
       `pause brought onDownloadPause only: ${show(namesFor(gid))}`);

    const resumedFrom = events.length;
    ok((await aria2.call("unpause", gid)) === gid, `unpause answers the GID`);
    await waitFor(`onDownloadComplete of ${d.key} after unpause`,
                  (e) => e.name === "onDownloadComplete" && e.gid === gid && e.index >= resumedFrom);
    const seen = namesFor(gid);
    ok(show(seen) === show(["onDownloadStart", "onDownloadPause", "onDownloadStart", "onDownloadComplete"]),
       `${d.key}: notifications in order: ${show(seen)}`);
    await checkComplete(gid, d);
    return gid;
}

process.on("unhandledRejection", (error) => fail(`unexpected: ${error && (error.stack || error.message || error)}`));
main().catch((error) => fail(`unexpected: ${error && (error.stack || error.message || show(error))}`));
