// Every register the import wizard takes, by key: each is declared once, next to its own planner.
import type { ImportRegisterKey } from '../../shared/contract';
import type { ImportRegister } from '../core/import/engine';
import { departmentImportRegister } from '../system/departments-import';
import {
  complaintImportRegister,
  inspectorImportRegister,
  institutionImportRegister,
  practitionerImportRegister,
} from '../enforcement/import-registers';
import { inspectionImportRegister } from '../enforcement/inspection-import';
import { expertImportRegister, spotItemImportRegister } from '../enforcement/spot-items';

export const IMPORT_REGISTER_DEFS: Record<ImportRegisterKey, ImportRegister> = {
  departments: departmentImportRegister,
  institutions: institutionImportRegister,
  practitioners: practitionerImportRegister,
  inspectors: inspectorImportRegister,
  complaints: complaintImportRegister,
  inspections: inspectionImportRegister,
  spotItems: spotItemImportRegister,
  experts: expertImportRegister,
};
