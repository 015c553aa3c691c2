// How far each running profile is: the executor's onProgress (done / total actions) kept per
// profile while it runs, for the options page's progress bar (it polls getOverview while busy).
// Forgotten when the run ends, so a stale bar never outlives its run.
export interface Progress {
  done: number;
  total: number;
}

export class ProgressBoard {
  private readonly byProfile = new Map<string, Progress>();

  set(profileId: string, progress: Progress): void {
    this.byProfile.set(profileId, { done: progress.done, total: progress.total });
  }

  get(profileId: string): Progress | undefined {
    return this.byProfile.get(profileId);
  }

  end(profileId: string): void {
    this.byProfile.delete(profileId);
  }
}
