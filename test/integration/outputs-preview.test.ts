import { outputFormSuite } from "./output-forms";

outputFormSuite(true);
