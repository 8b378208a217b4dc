import { outputFormSuite } from "./output-forms";

outputFormSuite(false);
