graph [
  directed 1
  node [
    id 0
    label "alice"
  ]
  node [
    id 1
    label "eve"
  ]
  node [
    id 2
    label "bob"
  ]
  node [
    id 3
    label "carol"
  ]
  node [
    id 4
    label "dave"
  ]
  edge [
    source 0
    target 0
    weight 0.5
  ]
  edge [
    source 0
    target 2
    weight 0.625
  ]
  edge [
    source 0
    target 3
    weight 0.5
  ]
  edge [
    source 1
    target 0
    weight 0.5
  ]
  edge [
    source 1
    target 1
    weight 0.25
  ]
  edge [
    source 2
    target 2
    weight 0.375
  ]
  edge [
    source 2
    target 3
    weight 0.3
  ]
  edge [
    source 3
    target 3
    weight 0.2
  ]
  edge [
    source 3
    target 4
    weight 0.3
  ]
  edge [
    source 4
    target 4
    weight 0.7
  ]
  edge [
    source 4
    target 1
    weight 0.75
  ]
]
