// At most N requests in flight per host. A Dapodik server is one school's or one office's machine:
// a pull of many schools must not flood it. A tiny FIFO semaphore rather than a dependency: FIFO
// order also keeps schools finishing roughly in the order they are written.

export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('the limit must be a positive integer');
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, so `active` never dips and lets a newcomer jump in.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** One semaphore per host (`host:port`), created on first use. */
export class HostLimiter {
  private readonly byHost = new Map<string, Semaphore>();

  constructor(private readonly perHost: number) {}

  run<T>(url: URL, task: () => Promise<T>): Promise<T> {
    let semaphore = this.byHost.get(url.host);
    if (!semaphore) {
      semaphore = new Semaphore(this.perHost);
      this.byHost.set(url.host, semaphore);
    }
    return semaphore.run(task);
  }
}
