import { type Checked } from "./checked.js";
export declare function withoutNul<T>(value: T, name: string): Checked<T>;
export declare function checkEmail(value: unknown, name: string): Checked<string>;
