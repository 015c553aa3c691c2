// Types of the test-only e2eDriver experiment (experiment/schema.json is the runtime source of
// truth; keep both in step). Only the e2e build has this namespace.
declare namespace messenger {
  namespace e2eDriver {
    interface DriverConfig {
      harnessPort: number;
      runId: string;
      appName: string;
      appVersion: string;
      headless: boolean;
      profileDir: string;
    }
    interface WindowInfo {
      type: string;
      title: string;
    }
    interface ElementInfo {
      id: string;
      tagName: string;
      label: string;
      tooltip: string;
      visible: boolean;
    }
    function getConfig(): Promise<DriverConfig>;
    function waitForStartup(timeoutMs: number): Promise<void>;
    function getWindows(): Promise<WindowInfo[]>;
    function queryMainWindow(selector: string): Promise<ElementInfo[]>;
    function quit(): Promise<void>;
  }
}
