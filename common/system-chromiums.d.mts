export declare const SYSTEM_CHROMIUMS: readonly string[];
