// An ora spinner on stderr, only on an interactive terminal outside CI; plain silence otherwise,
// so CI logs and piped output stay clean lines. Without colour when NO_COLOR is set.

export interface Progress {
  update(text: string): void;
  stop(): void;
}

const silent: Progress = { update() {}, stop() {} };

export async function startProgress(interactive: boolean, color: boolean): Promise<Progress> {
  if (!interactive) return silent;
  const { default: ora } = await import('ora');
  // The caller has decided that this is an interactive terminal (ora would print "- text" lines when CI is set at all).
  const spinner = ora({ stream: process.stderr, text: 'gwtopo', isEnabled: true, ...(color ? {} : { color: false }) }).start();
  return {
    update(text) {
      spinner.text = text;
    },
    stop() {
      spinner.stop();
    },
  };
}
