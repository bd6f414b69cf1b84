graph [
  directed 1
  node [
    id 0
    label "1"
  ]
  node [
    id 1
    label "2"
  ]
  node [
    id 2
    label "3"
  ]
  node [
    id 3
    label "4"
  ]
  node [
    id 4
    label "5"
  ]
  edge [
    source 0
    target 0
    weight 0.5
  ]
  edge [
    source 0
    target 1
    weight 0.7
  ]
  edge [
    source 1
    target 0
    weight 0.5
  ]
  edge [
    source 1
    target 1
    weight 0.3
  ]
  edge [
    source 1
    target 2
    weight 0.5
  ]
  edge [
    source 2
    target 2
    weight 0.3
  ]
  edge [
    source 2
    target 4
    weight 1.2
  ]
  edge [
    source 4
    target 4
    weight -0.2
  ]
]
