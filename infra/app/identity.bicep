metadata description = 'The user-assigned managed identity the function app runs as.'

import { managedIdentity } from 'types.bicep'

@description('Name of the identity.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id, client id and principal id of the identity.')
output identity managedIdentity = {
  resourceId: identity.id
  clientId: identity.properties.clientId
  principalId: identity.properties.principalId
}

@description('Name of the identity.')
output name string = identity.name
