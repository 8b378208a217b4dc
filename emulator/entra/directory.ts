/**
 * The local Microsoft Entra ID's directory: one tenant (the emulator's), its applications (a
 * service principal with a client secret, one with a certificate, one trusting the emulator's
 * own GitHub-Actions-style issuer) and its managed identities (system- and user-assigned). Each
 * identity has its own object id, so the token ARM receives tells which one signed in.
 */
import { EMULATOR_TENANT_ID } from "../constants";

export interface FederatedCredential {
  /** The trusted issuer (`iss`); "github" stands for the emulator's own token request endpoint. */
  issuer: string;
  subject: string;
  audiences: string[];
}

export interface EntraApplication {
  /** Application (client) id. */
  clientId: string;
  /** Object id of its service principal: the `oid` of its access tokens. */
  objectId: string;
  displayName: string;
  secrets: string[];
  /** Registered certificates (PEM). */
  certificates: string[];
  federated: FederatedCredential[];
}

export interface ManagedIdentity {
  clientId: string;
  objectId: string;
  /** The machine's system-assigned identity (used when no client id is asked for). */
  systemAssigned: boolean;
}

/** The emulator's GitHub-Actions-style issuer, as federated credentials name it. */
export const GITHUB_ISSUER = "github";

export const ENTRA_SECRET_APP = {
  clientId: "3f1b6c2e-5a7d-4e9b-8c1f-2a3b4c5d6e71",
  objectId: "a1e0c3b2-7d64-4f8a-9b2c-5e6f7a8b9c01",
  secret: "emulator-client-secret-value",
} as const;
export const ENTRA_CERTIFICATE_APP = {
  clientId: "4a2c7d3f-6b8e-4fa0-9d20-3b4c5d6e7f82",
  objectId: "b2f1d4c3-8e75-4a9b-8c3d-6f7a8b9c0d12",
} as const;
export const ENTRA_OIDC_APP = {
  clientId: "5b3d8e4a-7c9f-4ab1-8e31-4c5d6e7f8a93",
  objectId: "c3a2e5d4-9f86-4bac-9d4e-7a8b9c0d1e23",
  subject: "repo:contoso/batch-stack:ref:refs/heads/main",
} as const;
export const ENTRA_SYSTEM_IDENTITY = {
  clientId: "6c4e9f5b-8d0a-4bc2-9f42-5d6e7f8a9b04",
  objectId: "d4b3f6e5-0a97-4cbd-8e5f-8b9c0d1e2f34",
} as const;
export const ENTRA_USER_IDENTITY = {
  clientId: "7d5f0a6c-9e1b-4cd3-8a53-6e7f8a9b0c15",
  objectId: "e5c4a7f6-1b08-4dce-9f60-9c0d1e2f3a45",
} as const;

/** The bearer token the GitHub-Actions-style token request endpoint takes (ACTIONS_ID_TOKEN_REQUEST_TOKEN). */
export const ENTRA_ACTIONS_REQUEST_TOKEN = "emulator-actions-id-token-request-token";
/** The secret header of the App-Service-style managed identity endpoint (IDENTITY_HEADER). */
export const ENTRA_IDENTITY_HEADER = "emulator-identity-header";
/** Audience GitHub's tokens carry for Entra ID (and the OIDC default). */
export const TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

export class EntraDirectory {
  readonly tenantId = EMULATOR_TENANT_ID;
  readonly applications = new Map<string, EntraApplication>();
  readonly managedIdentities: ManagedIdentity[] = [
    { ...ENTRA_SYSTEM_IDENTITY, systemAssigned: true },
    { ...ENTRA_USER_IDENTITY, systemAssigned: false },
  ];

  constructor() {
    this.add({
      ...ENTRA_SECRET_APP,
      displayName: "batch-lookup-secret",
      secrets: [ENTRA_SECRET_APP.secret],
      certificates: [],
      federated: [],
    });
    this.add({ ...ENTRA_CERTIFICATE_APP, displayName: "batch-lookup-certificate", secrets: [], certificates: [], federated: [] });
    this.add({
      clientId: ENTRA_OIDC_APP.clientId,
      objectId: ENTRA_OIDC_APP.objectId,
      displayName: "batch-lookup-oidc",
      secrets: [],
      certificates: [],
      federated: [{ issuer: GITHUB_ISSUER, subject: ENTRA_OIDC_APP.subject, audiences: [TOKEN_EXCHANGE_AUDIENCE] }],
    });
  }

  add(app: EntraApplication): void {
    this.applications.set(app.clientId.toLowerCase(), app);
  }

  application(clientId: string): EntraApplication | undefined {
    return this.applications.get(clientId.toLowerCase());
  }

  /** The managed identity a request names (by client id), or the system-assigned one. */
  managedIdentity(clientId: string | undefined): ManagedIdentity | undefined {
    if (clientId === undefined) return this.managedIdentities.find((m) => m.systemAssigned);
    return this.managedIdentities.find((m) => m.clientId.toLowerCase() === clientId.toLowerCase());
  }
}
