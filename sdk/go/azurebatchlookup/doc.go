// Look up existing Azure Batch accounts from Pulumi programs over the Azure Resource Manager REST API, with a CrossGuard policy pack on the same models.
package azurebatchlookup
