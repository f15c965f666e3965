// An ora spinner on stderr, only on an interactive terminal outside CI; plain silence otherwise,
// so CI logs and piped output stay clean lines.

export interface Progress {
  update(text: string): void;
  stop(): void;
}

const silent: Progress = { update() {}, stop() {} };

export async function startProgress(interactive: boolean): Promise<Progress> {
  if (!interactive) return silent;
  const { default: ora } = await import('ora');
  const spinner = ora({ stream: process.stderr, text: 'gwtopo' }).start();
  return {
    update(text) {
      spinner.text = text;
    },
    stop() {
      spinner.stop();
    },
  };
}
