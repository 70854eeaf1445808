/**
 * EventBridge Scheduler expressions, checked at synth so a typo never reaches CreateSchedule (which rejects it
 * only at apply). Forms (EventBridge Scheduler User Guide, "Schedule types"):
 *   rate(<value> <unit>)   value ≥ 1; unit minute|minutes|hour|hours|day|days (singular only for 1)
 *   cron(<min> <hour> <day-of-month> <month> <day-of-week> <year>)   six fields; exactly one of day-of-month and
 *                          day-of-week is `?` (a `*` in both is rejected by the service)
 *   at(yyyy-mm-ddThh:mm:ss)  one-time
 * Returns undefined when valid, else what is wrong and the accepted form.
 */
const FIELD = /^[0-9A-Za-z*?,/#LW-]+$/;
const DOW = /^(\?|\*|([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)([-,#/]([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT|L|[1-5]))*L?)$/i;

export function scheduleExpressionProblem(expr: string): string | undefined {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expr);
  if (rate) {
    const n = Number(rate[1]);
    if (n < 1) return "a rate needs a value ≥ 1, e.g. rate(1 hour)";
    const plural = rate[2].endsWith("s");
    if (n === 1 && plural) return `write rate(1 ${rate[2].slice(0, -1)}) (singular unit for 1)`;
    if (n > 1 && !plural) return `write rate(${n} ${rate[2]}s) (plural unit above 1)`;
    return undefined;
  }
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(expr);
  if (at) return Number.isNaN(Date.parse(`${at[1]}-${at[2]}-${at[3]}T${at[4]}:${at[5]}:${at[6]}Z`)) ? "not a valid date/time in at(yyyy-mm-ddThh:mm:ss)" : undefined;
  const cron = /^cron\((.*)\)$/.exec(expr);
  if (cron) {
    const f = cron[1].trim().split(/\s+/);
    if (f.length !== 6) return `a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), got ${f.length}; e.g. cron(0 2 ? * MON *)`;
    if (!f.every((x) => FIELD.test(x))) return "cron fields take digits, names, and the characters * ? , - / L W #";
    const [min, hour, dom, , dow] = f;
    const range = (v: string, max: number) => v.split(/[,\-/]/).every((p) => p === "*" || (/^\d+$/.test(p) && Number(p) <= max));
    if (!range(min, 59)) return `minutes field "${min}" must be 0-59, *, lists, ranges or steps`;
    if (!range(hour, 23)) return `hours field "${hour}" must be 0-23, *, lists, ranges or steps`;
    if ((dom === "?") === (dow === "?")) return `exactly one of day-of-month ("${dom}") and day-of-week ("${dow}") must be ?, e.g. cron(0 2 ? * MON *)`;
    if (!DOW.test(dow)) return `day-of-week "${dow}" must be 1-7 or SUN-SAT (with , - # L), or ?`;
    return undefined;
  }
  return "use rate(<n> <minute|hour|day>[s]), cron(<6 fields>) or at(yyyy-mm-ddThh:mm:ss)";
}
