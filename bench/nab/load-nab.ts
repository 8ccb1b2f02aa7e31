// Reading a NAB-style folder: `data/<group>/<name>.csv` (timestamp,value) and a windows file
// (series path → [[start, end], …]). Timestamps are UTC, `YYYY-MM-DD HH:MM:SS[.ffffff]`.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export type RawPoint = { at: number; value: number };
export type NabSeries = {
  /** `<group>/<name>.csv`, as the windows file names it */
  path: string;
  points: RawPoint[];
  windows: [number, number][];
  /** How the bench buckets it hourly: counts are summed, levels and rates averaged */
  aggregation: "sum" | "mean";
};

/** Counts of events per record (tweets, taxi passengers) add up over an hour; everything else is a level or a rate. */
const COUNT_SERIES = /^realTweets\/|nyc_taxi/;

const parseTime = (text: string) => Date.parse(`${text.trim().replace(" ", "T").slice(0, 23)}Z`);

/** The series of a NAB folder with their windows, or undefined when the folder or the windows file is missing. */
export function loadNab(dataDir: string, windowsFile: string): NabSeries[] | undefined {
  const root = join(dataDir, "data");
  if (!existsSync(root) || !existsSync(windowsFile)) return undefined;
  const windows = JSON.parse(readFileSync(windowsFile, "utf8")) as Record<string, [string, string][]>;
  const series: NabSeries[] = [];
  for (const group of readdirSync(root).sort()) {
    for (const file of readdirSync(join(root, group)).sort()) {
      if (!file.endsWith(".csv")) continue;
      const path = `${group}/${file}`;
      if (!(path in windows)) continue;
      const points = readFileSync(join(root, group, file), "utf8")
        .split("\n")
        .slice(1)
        .filter((line) => line.trim())
        .map((line) => {
          const [at, value] = line.split(",");
          return { at: parseTime(at), value: Number(value) };
        })
        .filter((p) => Number.isFinite(p.at) && Number.isFinite(p.value))
        .sort((a, b) => a.at - b.at);
      series.push({
        path,
        points,
        windows: windows[path].map(([from, to]) => [parseTime(from), parseTime(to)]),
        aggregation: COUNT_SERIES.test(path) ? "sum" : "mean",
      });
    }
  }
  return series;
}
